import { useContext } from 'react'
import { messageText } from '../../../lib/format'
import { personIn } from '../../../lib/group-text'
import { useChatStore } from '../../../stores/chat-store'
import { canWrite } from '../../../stores/conversation-helpers'
import { editable, reactedBy, withPendingActions, type PendingAction } from '../../../stores/message-changes'
import type { MessageState } from '../../../stores/message-state'
import type { Conversation, Message } from '../../../types/api'
import { AttachmentList } from '../../attachments/components/attachment-list'
import { MessageBubble, type BubbleActions, type BubbleSender } from './message-bubble'
import { MessageHandlersContext, type MessageHandlers } from './message-handlers'

interface StoredMessageProps {
  message: Message
  myId: string
  conversation: Conversation | undefined
  state: MessageState
  sender?: BubbleSender
  readers?: { conversationId: string; seq: number }
  /** Our actions on it that wait for the server, in order. */
  actions: readonly PendingAction[]
  usernames: ReadonlyMap<string, boolean>
  now: number
}

/** What one may do to a message, as the server allows it. */
function allowed(
  m: Message,
  c: Conversation | undefined,
  myId: string,
  now: number,
  editWindowMs: number | null,
  h: MessageHandlers,
) {
  const own = m.sender_id === myId
  const member = !!c && !c.left
  const manager = c?.kind === 'group' && (c.my_role === 'owner' || c.my_role === 'admin')
  const hasText = m.text !== null
  return {
    onReply: canWrite(c) && member ? () => h.reply(m) : undefined,
    onReact: member ? (emoji: string, on: boolean) => h.react(m, emoji, on) : undefined,
    onEdit: own && member && hasText && editable(m, now, editWindowMs) ? () => h.edit(m) : undefined,
    onCopy: hasText ? () => h.copy(m) : undefined,
    onDelete: member && (own || manager) ? () => h.remove(m) : undefined,
  }
}

/** A stored text message as it will be once our pending actions are done, with its actions menu. */
export function StoredMessage(props: StoredMessageProps) {
  const { message, myId, conversation, actions } = props
  const handlers = useContext(MessageHandlersContext)
  const editWindowMs = useChatStore((s) => s.editWindowMs)
  const shown = withPendingActions(message, actions, myId)
  const nameOf = (id: string) => (id === myId ? 'You' : (personIn(conversation, id)?.full_name ?? 'Someone'))
  const pendingEmoji = new Set(actions.flatMap((a) => (a.kind === 'react' ? [a.emoji] : [])))
  const permitted =
    handlers && !shown.deleted ? allowed(shown, conversation, myId, props.now, editWindowMs, handlers) : null
  const mine = new Set((shown.reactions ?? []).filter((r) => reactedBy(r, myId)).map((r) => r.emoji))
  const menu: BubbleActions | undefined = permitted ? { ...permitted, mine } : undefined
  const quote = shown.reply_to
  return (
    <MessageBubble
      text={messageText(shown.text)}
      createdAt={message.created_at}
      own={message.sender_id === myId}
      state={props.state}
      sender={props.sender}
      inGroup={conversation?.kind === 'group'}
      readers={props.readers}
      messageId={message.id}
      deleted={shown.deleted}
      editedAt={shown.edited_at}
      changing={actions.length > 0}
      usernames={props.usernames}
      quote={
        quote
          ? {
              quote,
              name: quote.sender_id ? nameOf(quote.sender_id) : 'Someone',
              onJump: quote.id && handlers ? () => handlers.jumpTo(quote) : undefined,
            }
          : undefined
      }
      reactions={{
        reactions: shown.reactions ?? [],
        myId,
        nameOf,
        pending: pendingEmoji,
        onToggle: permitted?.onReact,
      }}
      actions={menu}
      attachments={shown.attachments?.length ? <AttachmentList attachments={shown.attachments} /> : undefined}
    />
  )
}
