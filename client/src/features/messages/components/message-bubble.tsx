import { Avatar } from '../../../components/ui/avatar'
import { formatFullTime, formatMessageTime } from '../../../lib/format'
import type { MessageState } from '../../../stores/message-state'
import type { User } from '../../../types/api'
import { DeliveryStatus } from './delivery-status'
import { MessageText } from './message-text'
import { ReadersButton } from './readers-button'

/** Who wrote an incoming group message; `first` for the first of a run of theirs (name and avatar). */
export interface BubbleSender {
  user: Pick<User, 'id' | 'username' | 'full_name'>
  first: boolean
}

interface MessageBubbleProps {
  text: string
  createdAt: string
  own: boolean
  state: MessageState
  onRetry?: () => void
  /** In a group: the sender of someone else's message. */
  sender?: BubbleSender
  /** In a group, whose ticks speak of every other member. */
  inGroup?: boolean
  /** In a group one is in: one's own stored message, whose readers can be looked up. */
  readers?: { conversationId: string; seq: number }
}

export function MessageBubble({
  text,
  createdAt,
  own,
  state,
  onRetry,
  sender,
  inGroup = false,
  readers,
}: MessageBubbleProps) {
  const color = !own
    ? 'chat-bubble-incoming'
    : state === 'failed'
      ? 'chat-bubble-error'
      : 'chat-bubble-primary'
  return (
    <div
      data-testid="message"
      data-state={state}
      data-own={own ? 'true' : 'false'}
      data-sender={sender?.user.id}
      className={`chat ${own ? 'chat-end' : 'chat-start'} ${sender && !sender.first ? 'pt-0' : ''}`}
    >
      {sender && (
        // The avatar shows once per run; the rest keep its room so that the run lines up.
        <div className="chat-image self-start" aria-hidden="true">
          {sender.first ? <Avatar user={sender.user} size="sm" /> : <span className="block w-9" />}
        </div>
      )}
      {sender?.first && (
        <div
          className="chat-header mb-0.5 text-xs font-medium text-base-content/80"
          data-testid="message-sender"
        >
          {sender.user.full_name}
        </div>
      )}
      <div
        // Pending: greyed, not faded, so that its text keeps its contrast (WCAG 1.4.3).
        className={`chat-bubble ${color} max-w-[85%] break-words whitespace-pre-wrap sm:max-w-[70%] ${
          state === 'pending' ? 'saturate-[.3]' : ''
        }`}
      >
        <MessageText text={text} />
      </div>
      <div
        className={`chat-footer mt-0.5 flex flex-wrap items-center gap-1 text-xs text-base-content/70 ${own ? 'justify-end' : ''}`}
      >
        <time dateTime={createdAt} title={formatFullTime(createdAt)}>
          {formatMessageTime(createdAt)}
        </time>
        {own && state !== 'failed' && state !== 'pending' && readers ? (
          <ReadersButton conversationId={readers.conversationId} seq={readers.seq} state={state} />
        ) : (
          own && state !== 'failed' && <DeliveryStatus state={state} group={inGroup} />
        )}
        {state === 'failed' && (
          <>
            <span className="text-error-ink">Not sent</span>
            <button
              type="button"
              // A full 44×44 px target on touch screens (WCAG 2.5.5); compact beside the time on desktop.
              className="btn btn-link btn-xs px-1 text-primary-ink max-sm:size-11"
              data-testid="retry-button"
              onClick={onRetry}
            >
              Retry
            </button>
          </>
        )}
      </div>
    </div>
  )
}
