import { useState, type ComponentProps, type ReactNode } from 'react'
import { Avatar } from '../../../components/ui/avatar'
import { formatFullTime, formatMessageTime } from '../../../lib/format'
import type { MessageState } from '../../../stores/message-state'
import type { User } from '../../../types/api'
import { useLongPress } from '../hooks/use-long-press'
import { DeliveryStatus } from './delivery-status'
import { MessageActions, type MessageActionsProps } from './message-actions'
import { MessageText } from './message-text'
import { ReactionsRow } from './reactions-row'
import { ReadersButton } from './readers-button'
import { ReplyQuoteView } from './reply-quote'
import { ClockIcon } from '../../../components/ui/icons'

/** Who wrote an incoming group message; `first` for the first of a run of theirs (name and avatar). */
export interface BubbleSender {
  user: Pick<User, 'id' | 'username' | 'full_name'>
  first: boolean
}

export type BubbleActions = Omit<MessageActionsProps, 'own' | 'open' | 'onOpenChange'>

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
  /** Stored messages: where a quote of it scrolls to. */
  messageId?: string
  deleted?: boolean
  editedAt?: string | null
  /** An edit, deletion or reaction of ours on it waits for the server. */
  changing?: boolean
  quote?: ComponentProps<typeof ReplyQuoteView>
  reactions?: Omit<ComponentProps<typeof ReactionsRow>, 'own'>
  /** Lower-cased usernames of the conversation's people → whether it is us. */
  usernames?: ReadonlyMap<string, boolean>
  /** The actions menu; none on a tombstone or a message still being sent. */
  actions?: BubbleActions
  /** Its files (images, downloads, or uploads in progress), above the text. */
  attachments?: ReactNode
}

export function MessageBubble(props: MessageBubbleProps) {
  const { text, createdAt, own, state, onRetry, sender, inGroup = false, readers, deleted = false } = props
  const { changing = false, actions } = props
  const [menuOpen, setMenuOpen] = useState(false)
  const longPress = useLongPress(() => setMenuOpen(true), !!actions)
  const color = deleted
    ? 'chat-bubble-incoming italic'
    : !own
      ? 'chat-bubble-incoming'
      : state === 'failed'
        ? 'chat-bubble-error'
        : 'chat-bubble-primary'
  const greyed = state === 'pending' || changing
  return (
    <div
      data-testid="message"
      data-state={state}
      data-own={own ? 'true' : 'false'}
      data-sender={sender?.user.id}
      data-message-id={props.messageId}
      data-deleted={deleted ? 'true' : undefined}
      data-changing={changing ? 'true' : undefined}
      // Where a quote of it scrolls to, and focus lands, for the keyboard to go on from.
      tabIndex={props.messageId ? -1 : undefined}
      className={`group chat rounded-box outline-primary focus-visible:outline-2 data-[flash=true]:bg-primary/10 ${own ? 'chat-end' : 'chat-start'} ${sender && !sender.first ? 'pt-0' : ''}`}
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
        className={`row-start-2 flex w-full flex-col ${own ? 'col-start-1 items-end' : 'col-start-2 items-start'}`}
      >
        <div className={`relative flex w-full items-center gap-1 ${own ? 'flex-row-reverse' : ''}`}>
          <div
            {...longPress}
            data-testid="bubble"
            // Pending: greyed, not faded, so that its text keeps its contrast (WCAG 1.4.3). No
            // browser callout or text selection under a long press on a touch screen.
            className={`chat-bubble ${color} max-w-[85%] break-words whitespace-pre-wrap sm:max-w-[70%] ${
              greyed ? 'saturate-[.3]' : ''
            } ${actions ? 'pointer-coarse:select-none [-webkit-touch-callout:none]' : ''}`}
          >
            {deleted ? (
              <span data-testid="tombstone">This message was deleted</span>
            ) : (
              <>
                {props.quote && <ReplyQuoteView {...props.quote} />}
                {props.attachments}
                {text && <MessageText text={text} usernames={props.usernames} />}
              </>
            )}
          </div>
          {actions && <MessageActions {...actions} own={own} open={menuOpen} onOpenChange={setMenuOpen} />}
        </div>
        {!deleted && props.reactions && <ReactionsRow {...props.reactions} own={own} />}
      </div>
      <div
        className={`chat-footer mt-0.5 flex flex-wrap items-center gap-1 text-xs text-base-content/70 ${own ? 'justify-end' : ''}`}
      >
        <time dateTime={createdAt} title={formatFullTime(createdAt)}>
          {formatMessageTime(createdAt)}
        </time>
        {props.editedAt && !deleted && (
          <span data-testid="edited-marker" title={`Edited ${formatFullTime(props.editedAt)}`}>
            edited
          </span>
        )}
        {changing && <ChangePending />}
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

/** A clock beside the time while our edit, deletion or reaction waits for the server. */
function ChangePending() {
  return (
    <span data-testid="change-pending" role="img" aria-label="Saving the change" title="Saving the change">
      <ClockIcon className="size-4" />
    </span>
  )
}
