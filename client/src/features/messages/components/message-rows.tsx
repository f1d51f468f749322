import { Fragment } from 'react'
import { dayBreaks } from '../../../lib/day-labels'
import { messageText } from '../../../lib/format'
import type { PendingMessage } from '../../../stores/messages-slice'
import { storedMessageState, type Receipts } from '../../../stores/message-state'
import type { Message } from '../../../types/api'
import { MessageBubble } from './message-bubble'

interface MessageRowsProps {
  myId: string
  messages: Message[]
  pending: PendingMessage[]
  receipts: Receipts | undefined
  /** The divider goes above the first message of the other member after this seq. */
  dividerAfterSeq: number | null
  onRetry: (clientId: string) => void
}

/** Stored messages by seq, then the outbox in the order typed; a separator starts each day. */
export function MessageRows({
  myId,
  messages,
  pending,
  receipts,
  dividerAfterSeq,
  onRetry,
}: MessageRowsProps) {
  const firstUnread =
    dividerAfterSeq === null
      ? undefined
      : messages.find((m) => m.seq > dividerAfterSeq && m.sender_id !== myId)?.id
  const days = dayBreaks(
    [...messages.map((m) => m.created_at), ...pending.map((p) => p.createdAt)],
    new Date(),
  )
  const dayAbove = (index: number) => {
    const label = days[index]
    return label ? <DaySeparator label={label} /> : null
  }
  return (
    <>
      {messages.map((m, i) => (
        <Fragment key={m.id}>
          {dayAbove(i)}
          {m.id === firstUnread && <NewMessagesDivider />}
          <MessageBubble
            text={messageText(m.text)}
            createdAt={m.created_at}
            own={m.sender_id === myId}
            state={storedMessageState(m, myId, receipts)}
          />
        </Fragment>
      ))}
      {pending.map((p, i) => (
        <Fragment key={p.clientId}>
          {dayAbove(messages.length + i)}
          <MessageBubble
            text={p.text}
            createdAt={p.createdAt}
            own
            state={p.state}
            onRetry={() => onRetry(p.clientId)}
          />
        </Fragment>
      ))}
    </>
  )
}

function NewMessagesDivider() {
  return (
    <div
      className="divider my-2 text-xs text-primary-ink"
      data-testid="new-messages-divider"
      role="separator"
    >
      New messages
    </div>
  )
}

function DaySeparator({ label }: { label: string }) {
  return (
    <div
      className="divider my-3 text-xs font-medium text-base-content/70"
      data-testid="day-separator"
      role="separator"
      aria-label={label}
    >
      {label}
    </div>
  )
}
