import {
  COME_BACK_LATER,
  DELIVERED_INTERVAL_MS,
  RECEIPT_BUSY_ATTEMPTS,
  RECEIPT_TIMEOUT_MS,
} from '../config/constants'
import { backoffDelay } from '../lib/backoff'
import { getSocket } from '../lib/socket'
import { useChatStore } from '../stores/chat-store'
import type { CursorPayload, DeliveredAck, ErrorAck, Message, ReadAck } from '../types/api'

/** How receipts reach the server: the socket in the app, a fake in tests. */
export interface ReceiptTransport {
  isConnected: () => boolean
  /** Resolve with the ack; reject when none comes. */
  delivered: (payload: CursorPayload) => Promise<DeliveredAck>
  read: (payload: CursorPayload) => Promise<ReadAck>
}

export interface Receipts {
  /** Everything up to `seq` of a conversation reached this device. */
  reportDelivered: (conversationId: string, seq: number) => void
  /** Messages of others arrived (live or by sync): the highest seq of each conversation. */
  acknowledgeDelivery: (messages: readonly Message[]) => void
  /** After a sync: the list tells of unread messages we have not fetched; they reached this device too. */
  acknowledgeUnread: () => void
  /** The open conversation was seen up to `seq`: clear its badge and tell the server (once per seq). */
  markRead: (conversationId: string, seq: number) => void
  /** A new connection: the server may have missed what was in flight, so tell it again. */
  reset: () => void
}

/** A member who can no longer read on (left, removed) sends no receipts: the server would refuse. */
function mayReport(conversationId: string): boolean {
  return useChatStore.getState().conversations.find((c) => c.id === conversationId)?.left !== true
}

/** The system message that ends our membership: the last we get from that group. */
function endsMembership(m: Message, myId: string | undefined): boolean {
  return (
    (m.event === 'member_removed' || m.event === 'member_left') &&
    !!myId &&
    (m.target_ids ?? []).includes(myId)
  )
}

/**
 * `delivered` goes at most once per conversation per `intervalMs`, with the highest seq received
 * by then (one receipt covers everything before it): the first of a burst at once, the rest
 * gathered into one when the interval is over. `read` goes once per seq, as it happens. A receipt
 * an overloaded or cut-off server turned away (`server_busy`, `unavailable`) goes again after its
 * retry_after (or a backoff): nothing else would bring it back until the next message.
 */
export function createReceipts(
  transport: ReceiptTransport,
  intervalMs = DELIVERED_INTERVAL_MS,
  random: () => number = Math.random,
): Receipts {
  /** conversation_id → the seq last told to the server (or being told), so each goes once. */
  const deliveredSent = new Map<string, number>()
  const readSent = new Map<string, number>()
  /** conversation_id → when its last `delivered` went. */
  const deliveredAt = new Map<string, number>()
  /** conversation_id → the highest seq waiting for the end of the interval, and its timer. */
  const waiting = new Map<string, { seq: number; timer: ReturnType<typeof setTimeout> }>()
  /** `${event} ${conversation_id}` → how many times in a row it was turned away, and its retry. */
  const turnedAway = new Map<string, { times: number; timer?: ReturnType<typeof setTimeout> }>()

  function forget(sent: Map<string, number>, conversationId: string, seq: number): void {
    if (sent.get(conversationId) === seq) sent.delete(conversationId)
  }

  /** An error ack: forget the receipt; if the server asked to come back later, do (a few times). */
  function refused(event: 'delivered' | 'read', conversationId: string, seq: number, ack: ErrorAck): void {
    forget(event === 'delivered' ? deliveredSent : readSent, conversationId, seq)
    if (!COME_BACK_LATER.has(ack.error)) return
    const key = `${event} ${conversationId}`
    const times = (turnedAway.get(key)?.times ?? 0) + 1
    if (times > RECEIPT_BUSY_ATTEMPTS) return
    clearTimeout(turnedAway.get(key)?.timer)
    const wait = Math.max(backoffDelay(times, random), (ack.retry_after ?? 0) * 1000)
    const timer = setTimeout(() => {
      if (event === 'delivered') reportDelivered(conversationId, seq)
      else markRead(conversationId, seq)
    }, wait)
    turnedAway.set(key, { times, timer })
  }

  function accepted(event: 'delivered' | 'read', conversationId: string): void {
    turnedAway.delete(`${event} ${conversationId}`)
  }

  function sendDelivered(conversationId: string, seq: number): void {
    if (!transport.isConnected() || seq <= (deliveredSent.get(conversationId) ?? 0)) return
    deliveredAt.set(conversationId, Date.now())
    deliveredSent.set(conversationId, seq)
    transport.delivered({ conversation_id: conversationId, seq }).then(
      (ack) =>
        ack.ok ? accepted('delivered', conversationId) : refused('delivered', conversationId, seq, ack),
      () => forget(deliveredSent, conversationId, seq),
    )
  }

  function reportDelivered(conversationId: string, seq: number): void {
    if (!transport.isConnected() || !mayReport(conversationId)) return
    const held = waiting.get(conversationId)
    if (seq <= Math.max(deliveredSent.get(conversationId) ?? 0, held?.seq ?? 0)) return
    if (held) {
      held.seq = seq
      return
    }
    const due = (deliveredAt.get(conversationId) ?? -Infinity) + intervalMs - Date.now()
    if (due <= 0) {
      sendDelivered(conversationId, seq)
      return
    }
    const timer = setTimeout(() => {
      const latest = waiting.get(conversationId)
      waiting.delete(conversationId)
      if (latest && mayReport(conversationId)) sendDelivered(conversationId, latest.seq)
    }, due)
    waiting.set(conversationId, { seq, timer })
  }

  function markRead(conversationId: string, seq: number): void {
    const store = useChatStore.getState()
    const conversation = store.conversations.find((c) => c.id === conversationId)
    if (!transport.isConnected() || !conversation || conversation.left || seq > conversation.last_seq) return
    if (seq <= Math.max(conversation.read_seq, readSent.get(conversationId) ?? 0)) return
    readSent.set(conversationId, seq)
    store.readMarked(conversationId, seq)
    transport.read({ conversation_id: conversationId, seq }).then(
      (ack) => {
        if (!ack.ok) return refused('read', conversationId, seq, ack)
        accepted('read', conversationId)
        useChatStore.getState().readAcked(conversationId, ack.seq, ack.unread, ack.unread_mentions)
      },
      () => forget(readSent, conversationId, seq),
    )
  }

  return {
    reportDelivered,
    acknowledgeDelivery: (messages) => {
      const myId = useChatStore.getState().user?.id
      const highest = new Map<string, number>()
      for (const m of messages) {
        if (m.sender_id === myId || endsMembership(m, myId)) continue
        highest.set(m.conversation_id, Math.max(highest.get(m.conversation_id) ?? 0, m.seq))
      }
      highest.forEach((seq, conversationId) => reportDelivered(conversationId, seq))
    },
    acknowledgeUnread: () => {
      for (const c of useChatStore.getState().conversations) {
        if (c.unread > 0 && !c.left) reportDelivered(c.id, c.last_seq)
      }
    },
    markRead,
    reset: () => {
      waiting.forEach(({ timer }) => clearTimeout(timer))
      waiting.clear()
      turnedAway.forEach(({ timer }) => clearTimeout(timer))
      turnedAway.clear()
      deliveredSent.clear()
      deliveredAt.clear()
      readSent.clear()
    },
  }
}

/** The app's receipts, over the one socket. */
const receipts = createReceipts({
  isConnected: () => getSocket().connected,
  delivered: (payload) => getSocket().timeout(RECEIPT_TIMEOUT_MS).emitWithAck('delivered', payload),
  read: (payload) => getSocket().timeout(RECEIPT_TIMEOUT_MS).emitWithAck('read', payload),
})

export const { reportDelivered, acknowledgeDelivery, acknowledgeUnread, markRead } = receipts
export const resetReceipts = receipts.reset
