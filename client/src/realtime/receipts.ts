import { RECEIPT_TIMEOUT_MS } from '../config/constants'
import { getSocket } from '../lib/socket'
import { useChatStore } from '../stores/chat-store'
import type { Message } from '../types/api'

/** conversation_id → the seq last told to the server, so each receipt goes once. */
const deliveredSent = new Map<string, number>()
const readSent = new Map<string, number>()

/** A new connection: the server may have missed what was in flight, so tell it again. */
export function resetReceipts(): void {
  deliveredSent.clear()
  readSent.clear()
}

function forget(sent: Map<string, number>, conversationId: string, seq: number): void {
  if (sent.get(conversationId) === seq) sent.delete(conversationId)
}

export function reportDelivered(conversationId: string, seq: number): void {
  const socket = getSocket()
  if (!socket.connected || seq <= (deliveredSent.get(conversationId) ?? 0)) return
  deliveredSent.set(conversationId, seq)
  socket
    .timeout(RECEIPT_TIMEOUT_MS)
    .emitWithAck('delivered', { conversation_id: conversationId, seq })
    .then(
      (ack) => (ack.ok ? undefined : forget(deliveredSent, conversationId, seq)),
      () => forget(deliveredSent, conversationId, seq),
    )
}

/** Messages of the other member arrived (live or by sync): tell the server, per conversation. */
export function acknowledgeDelivery(messages: readonly Message[]): void {
  const myId = useChatStore.getState().user?.id
  const highest = new Map<string, number>()
  for (const m of messages) {
    if (m.sender_id !== myId)
      highest.set(m.conversation_id, Math.max(highest.get(m.conversation_id) ?? 0, m.seq))
  }
  highest.forEach((seq, conversationId) => reportDelivered(conversationId, seq))
}

/** After a sync: the list tells of unread messages we have not fetched; they reached this device too. */
export function acknowledgeUnread(): void {
  for (const c of useChatStore.getState().conversations) {
    if (c.unread > 0) reportDelivered(c.id, c.last_seq)
  }
}

/** The open conversation was seen up to `seq`: clear its badge and tell the server (once per seq). */
export function markRead(conversationId: string, seq: number): void {
  const socket = getSocket()
  const store = useChatStore.getState()
  const conversation = store.conversations.find((c) => c.id === conversationId)
  if (!socket.connected || !conversation || seq > conversation.last_seq) return
  if (seq <= Math.max(conversation.read_seq, readSent.get(conversationId) ?? 0)) return
  readSent.set(conversationId, seq)
  store.readMarked(conversationId, seq)
  socket
    .timeout(RECEIPT_TIMEOUT_MS)
    .emitWithAck('read', { conversation_id: conversationId, seq })
    .then(
      (ack) => {
        if (ack.ok) useChatStore.getState().readAcked(conversationId, ack.seq, ack.unread)
        else forget(readSent, conversationId, seq)
      },
      () => forget(readSent, conversationId, seq),
    )
}
