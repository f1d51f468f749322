import { formatFullTime, formatMessageTime } from '../../../lib/format'
import type { MessageState } from '../../../stores/message-state'
import { DeliveryStatus } from './delivery-status'
import { MessageText } from './message-text'

interface MessageBubbleProps {
  text: string
  createdAt: string
  own: boolean
  state: MessageState
  onRetry?: () => void
}

export function MessageBubble({ text, createdAt, own, state, onRetry }: MessageBubbleProps) {
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
      className={`chat ${own ? 'chat-end' : 'chat-start'}`}
    >
      <div
        // Pending: greyed, not faded, so that its text keeps its contrast (WCAG 1.4.3).
        className={`chat-bubble ${color} max-w-[85%] break-words whitespace-pre-wrap sm:max-w-[70%] ${
          state === 'pending' ? 'saturate-[.3]' : ''
        }`}
      >
        <MessageText text={text} />
      </div>
      <div className="chat-footer mt-0.5 flex items-center gap-1 text-xs text-base-content/70">
        <time dateTime={createdAt} title={formatFullTime(createdAt)}>
          {formatMessageTime(createdAt)}
        </time>
        {own && state !== 'failed' && <DeliveryStatus state={state} />}
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
