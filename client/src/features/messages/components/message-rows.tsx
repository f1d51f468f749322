import { Fragment, useMemo } from 'react'
import { dayBreaks } from '../../../lib/day-labels'
import { personIn, systemNote } from '../../../lib/group-text'
import { useChatStore } from '../../../stores/chat-store'
import type { PendingAction } from '../../../stores/message-changes'
import { storedMessageState, type Receipts } from '../../../stores/message-state'
import type { PendingMessage } from '../../../stores/messages-slice'
import type { Conversation, Message, User } from '../../../types/api'
import { UploadList } from '../../attachments/components/upload-list'
import { MessageBubble, type BubbleSender } from './message-bubble'
import { useNow } from '../hooks/use-now'
import { StoredMessage } from './stored-message'

interface MessageRowsProps {
  myId: string
  /** Undefined for a draft; a group's names its senders and the people of its system messages. */
  conversation: Conversation | undefined
  messages: Message[]
  pending: PendingMessage[]
  receipts: Receipts | undefined
  /** The divider goes above the first message of someone else after this seq. */
  dividerAfterSeq: number | null
  onRetry: (clientId: string) => void
  /** Our edits, deletions and reactions in this conversation that wait for the server, in order. */
  actions: readonly PendingAction[]
}

const NONE: readonly PendingAction[] = []

/** The people of a conversation by lower-cased username (true for us): their @names stand out. */
function peopleByUsername(c: Conversation | undefined, me: User | null): Map<string, boolean> {
  const people: User[] =
    c?.kind === 'group' ? [...c.members.map((m) => m.user), ...c.former_members] : c ? [c.other] : []
  const map = new Map(people.map((p) => [p.username.toLowerCase(), false]))
  if (me) map.set(me.username.toLowerCase(), true)
  return map
}

const isSystem = (m: Message | undefined) => m?.kind === 'system'

/**
 * Stored messages by seq, then the outbox in the order typed; a separator starts each day. In a
 * group, a system message is a centred note, and each run of someone else's messages starts with
 * their name and avatar.
 */
export function MessageRows({
  myId,
  conversation,
  messages,
  pending,
  receipts,
  dividerAfterSeq,
  onRetry,
  actions,
}: MessageRowsProps) {
  const me = useChatStore((s) => s.user)
  const usernames = useMemo(() => peopleByUsername(conversation, me), [conversation, me])
  const byMessage = useMemo(() => {
    const map = new Map<string, PendingAction[]>()
    for (const a of actions) map.set(a.messageId, [...(map.get(a.messageId) ?? []), a])
    return map
  }, [actions])
  const now = useNow(60_000)
  const group = conversation?.kind === 'group' ? conversation : null
  const firstUnread =
    dividerAfterSeq === null
      ? undefined
      : messages.find((m) => m.seq > dividerAfterSeq && m.sender_id !== myId && !isSystem(m))?.id
  const days = dayBreaks(
    [...messages.map((m) => m.created_at), ...pending.map((p) => p.createdAt)],
    new Date(),
  )
  const dayAbove = (index: number) => {
    const label = days[index]
    return label ? <DaySeparator label={label} /> : null
  }
  const senderOf = (m: Message, i: number): BubbleSender | undefined => {
    if (!group || m.sender_id === myId) return undefined
    const prev = messages[i - 1]
    const first =
      !prev || isSystem(prev) || prev.sender_id !== m.sender_id || !!days[i] || m.id === firstUnread
    const user = personIn(group, m.sender_id) ?? { id: m.sender_id, username: '?', full_name: 'Someone' }
    return { user, first }
  }
  return (
    <>
      {messages.map((m, i) => (
        <Fragment key={m.id}>
          {dayAbove(i)}
          {m.id === firstUnread && <NewMessagesDivider />}
          {isSystem(m) ? (
            <SystemNote text={systemNote(m, conversation, myId)} />
          ) : (
            <StoredMessage
              message={m}
              myId={myId}
              conversation={conversation}
              actions={byMessage.get(m.id) ?? NONE}
              usernames={usernames}
              now={now}
              state={storedMessageState(m, myId, receipts)}
              sender={senderOf(m, i)}
              // Who has read it is for current members to ask (a former member gets 403).
              readers={
                group && !group.left && m.sender_id === myId
                  ? { conversationId: group.id, seq: m.seq }
                  : undefined
              }
            />
          )}
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
            usernames={usernames}
            attachments={p.files ? <UploadList files={p.files} /> : undefined}
            quote={
              p.replyTo
                ? {
                    quote: p.replyTo,
                    name:
                      p.replyTo.sender_id === myId
                        ? 'You'
                        : (personIn(conversation, p.replyTo.sender_id ?? '')?.full_name ?? 'Someone'),
                  }
                : undefined
            }
          />
        </Fragment>
      ))}
    </>
  )
}

function SystemNote({ text }: { text: string }) {
  return (
    <p
      className="mx-auto my-2 max-w-[85%] rounded-full bg-base-200 px-3 py-1 text-center text-xs text-base-content/80"
      data-testid="system-message"
    >
      {text}
    </p>
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
