import { reactedBy } from '../../../stores/message-changes'
import type { Reaction } from '../../../types/api'

interface ReactionsRowProps {
  reactions: readonly Reaction[]
  myId: string
  /** Who reacted, by id, as the conversation names them. */
  nameOf: (userId: string) => string
  /** Reactions of ours the server has not confirmed yet. */
  pending: ReadonlySet<string>
  /** Toggles ours; without it the row only shows (e.g. after leaving a group). */
  onToggle?: (emoji: string, on: boolean) => void
  own: boolean
}

/** Under a bubble: each emoji with its count, ours highlighted; a click adds or takes back ours. */
export function ReactionsRow({ reactions, myId, nameOf, pending, onToggle, own }: ReactionsRowProps) {
  if (reactions.length === 0) return null
  return (
    <div
      role="group"
      aria-label="Reactions"
      data-testid="reactions"
      className={`mt-1 flex max-w-full flex-wrap gap-1 ${own ? 'justify-end' : ''}`}
    >
      {reactions.map((r) => {
        const mine = reactedBy(r, myId)
        const names = r.user_ids.map((id) => (id === myId ? 'you' : nameOf(id))).join(', ')
        const label = `${r.emoji} ${r.count}: ${names}${pending.has(r.emoji) ? ' (sending)' : ''}`
        const className = `inline-flex h-7 min-w-10 items-center justify-center gap-1 rounded-full border px-2 text-sm tabular-nums ${
          mine ? 'border-primary bg-primary/15 font-semibold' : 'border-base-content/30 bg-base-100'
        } ${pending.has(r.emoji) ? 'border-dashed' : ''}`
        const content = (
          <>
            <span aria-hidden="true">{r.emoji}</span>
            <span aria-hidden="true">{r.count}</span>
          </>
        )
        return onToggle ? (
          <button
            key={r.emoji}
            type="button"
            className={`${className} cursor-pointer hover:bg-base-200 focus-visible:outline-2 focus-visible:outline-primary`}
            data-testid="reaction"
            data-emoji={r.emoji}
            data-mine={mine ? 'true' : 'false'}
            data-pending={pending.has(r.emoji) ? 'true' : undefined}
            aria-pressed={mine}
            aria-label={label}
            title={names}
            onClick={() => onToggle(r.emoji, !mine)}
          >
            {content}
          </button>
        ) : (
          <span
            key={r.emoji}
            role="img"
            className={className}
            data-testid="reaction"
            data-emoji={r.emoji}
            data-mine={mine ? 'true' : 'false'}
            aria-label={label}
            title={names}
          >
            {content}
          </span>
        )
      })}
    </div>
  )
}
