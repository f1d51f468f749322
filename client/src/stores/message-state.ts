import type { Conversation, Message } from '../types/api'

/** What a bubble shows: own messages pending → sent → delivered → read, or failed; others' are sent. */
export type MessageState = 'pending' | 'sent' | 'delivered' | 'read' | 'failed'

export type Receipts = Pick<Conversation, 'peer_read_seq' | 'peer_delivered_seq'>

/** The state of a stored message, from how far the other member has received and read. */
export function storedMessageState(
  message: Message,
  myId: string,
  receipts: Receipts | undefined,
): MessageState {
  if (message.sender_id !== myId || !receipts) return 'sent'
  if (message.seq <= receipts.peer_read_seq) return 'read'
  // Whoever has read a message has received it, whatever order the receipts came in.
  if (message.seq <= Math.max(receipts.peer_delivered_seq, receipts.peer_read_seq)) return 'delivered'
  return 'sent'
}

const labels: Record<MessageState, string> = {
  pending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not sent',
}

/** In a group the ticks speak of every other member. */
const groupLabels: Record<MessageState, string> = {
  ...labels,
  delivered: 'Delivered to all',
  read: 'Read by all',
}

/** What the ticks of a message say (a group's speak of every other member). */
export function deliveryLabel(state: MessageState, group: boolean): string {
  return (group ? groupLabels : labels)[state]
}
