import type { ReplyQuote } from '../../../types/api'

interface ReplyQuoteViewProps {
  quote: ReplyQuote
  /** Who wrote the answered message. */
  name: string
  /** Scroll to the answered message; without it (purged) the quote is not a link. */
  onJump?: () => void
}

/** Inside a reply's bubble, above its text: who and what it answers; a click goes there. */
export function ReplyQuoteView({ quote, name, onJump }: ReplyQuoteViewProps) {
  const body = (
    <>
      <span className="sr-only">In reply to </span>
      <span className="block text-xs font-semibold">{name}</span>
      <span className={`line-clamp-2 text-xs break-words ${quote.excerpt === null ? 'italic' : ''}`}>
        {quote.excerpt ?? 'Original message deleted'}
      </span>
    </>
  )
  const className = 'mb-1 block w-full rounded border-l-4 border-current bg-black/10 px-2 py-1 text-left'
  return onJump ? (
    <button
      type="button"
      className={`${className} cursor-pointer focus-visible:outline-2 focus-visible:outline-current`}
      data-testid="reply-quote"
      title="Show the original message"
      onClick={onJump}
    >
      {body}
    </button>
  ) : (
    <span className={className} data-testid="reply-quote">
      {body}
    </span>
  )
}
