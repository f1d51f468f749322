import {
  COME_BACK_LATER,
  RECEIPT_INTERVAL_MS,
  RECEIPT_BUSY_ATTEMPTS,
  RECEIPT_JITTER,
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
  /** The open conversation was seen up to `seq`: clear its badge now, tell the server in its turn. */
  markRead: (conversationId: string, seq: number) => void
  /** A new connection: the server may have missed what was in flight, so tell it again. */
  reset: () => void
}

function conversationOf(conversationId: string) {
  return useChatStore.getState().conversations.find((c) => c.id === conversationId)
}

/** A member who can no longer read on (left, removed) sends no receipts: the server would refuse. */
function mayReport(conversationId: string): boolean {
  return conversationOf(conversationId)?.left !== true
}

/** The system message that ends our membership: the last we get from that group. */
function endsMembership(m: Message, myId: string | undefined): boolean {
  return (
    (m.event === 'member_removed' || m.event === 'member_left') &&
    !!myId &&
    (m.target_ids ?? []).includes(myId)
  )
}

type ReceiptEvent = 'delivered' | 'read'

/** A random wait around `intervalMs` (±25 %): the members of a group receive each message at the
 *  same instant, so fixed intervals would keep all their receipts arriving at the server together. */
export function receiptInterval(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (1 - RECEIPT_JITTER / 2 + RECEIPT_JITTER * random()))
}

/**
 * Each event (`delivered`, `read`) goes at most once per conversation per interval (about
 * `intervalMs`, varied at random: receiptInterval), with the highest seq by then: one receipt
 * covers everything before it. The first of a burst goes at once (in a group, after a random
 * part of the interval), the rest are gathered into one when the interval is over. A `delivered`
 * that a `read` covers is not sent (reading implies delivery). A receipt an overloaded or cut-off
 * server turned away (`server_busy`, `unavailable`) goes again after its retry_after (or a
 * backoff): nothing else would bring it back until the next message.
 */
export function createReceipts(
  transport: ReceiptTransport,
  intervalMs = RECEIPT_INTERVAL_MS,
  random: () => number = Math.random,
): Receipts {
  /** event → conversation_id → the seq last told to the server (or being told), so each goes once. */
  const sent = { delivered: new Map<string, number>(), read: new Map<string, number>() }
  /** event → conversation_id → when the last one went. */
  const sentAt = { delivered: new Map<string, number>(), read: new Map<string, number>() }
  /** event → conversation_id → the highest seq waiting for the end of the interval, and its timer. */
  type Held = { seq: number; timer: ReturnType<typeof setTimeout> }
  const waiting = { delivered: new Map<string, Held>(), read: new Map<string, Held>() }
  /** `${event} ${conversation_id}` → how many times in a row it was turned away, and its retry. */
  const turnedAway = new Map<string, { times: number; timer?: ReturnType<typeof setTimeout> }>()

  function forget(event: ReceiptEvent, conversationId: string, seq: number): void {
    if (sent[event].get(conversationId) === seq) sent[event].delete(conversationId)
  }

  /** An error ack: forget the receipt; if the server asked to come back later, do (a few times). */
  function refused(event: ReceiptEvent, conversationId: string, seq: number, ack: ErrorAck): void {
    forget(event, conversationId, seq)
    if (!COME_BACK_LATER.has(ack.error)) return
    const key = `${event} ${conversationId}`
    const times = (turnedAway.get(key)?.times ?? 0) + 1
    if (times > RECEIPT_BUSY_ATTEMPTS) return
    clearTimeout(turnedAway.get(key)?.timer)
    const wait = Math.max(backoffDelay(times, random), (ack.retry_after ?? 0) * 1000)
    const timer = setTimeout(() => report(event, conversationId, seq, true), wait)
    turnedAway.set(key, { times, timer })
  }

  function accepted(event: ReceiptEvent, conversationId: string): void {
    turnedAway.delete(`${event} ${conversationId}`)
  }

  /** How far a read told (or about to be told) the server: a delivered up to there is redundant. */
  function readCovers(conversationId: string): number {
    return Math.max(sent.read.get(conversationId) ?? 0, waiting.read.get(conversationId)?.seq ?? 0)
  }

  function send(event: ReceiptEvent, conversationId: string, seq: number): void {
    if (!transport.isConnected() || !mayReport(conversationId)) return
    if (seq <= (sent[event].get(conversationId) ?? 0)) return
    if (event === 'delivered' && seq <= readCovers(conversationId)) return
    sentAt[event].set(conversationId, Date.now())
    sent[event].set(conversationId, seq)
    const payload = { conversation_id: conversationId, seq }
    const answer: Promise<DeliveredAck | ReadAck> =
      event === 'read' ? transport.read(payload) : transport.delivered(payload)
    answer.then(
      (ack) => {
        if (!ack.ok) return refused(event, conversationId, seq, ack)
        accepted(event, conversationId)
        if ('unread' in ack) {
          useChatStore.getState().readAcked(conversationId, ack.seq, ack.unread, ack.unread_mentions)
        }
      },
      () => forget(event, conversationId, seq),
    )
  }

  /** Send at once if the interval since the last one is over, else hold the highest seq till then.
   *  `retry`: a receipt turned away goes at its retry time, whatever the interval. */
  function report(event: ReceiptEvent, conversationId: string, seq: number, retry = false): void {
    if (!transport.isConnected() || !mayReport(conversationId)) return
    const held = waiting[event].get(conversationId)
    if (seq <= Math.max(sent[event].get(conversationId) ?? 0, held?.seq ?? 0)) return
    if (held) {
      held.seq = seq
      return
    }
    let due =
      (sentAt[event].get(conversationId) ?? -Infinity) + receiptInterval(intervalMs, random) - Date.now()
    const inGroup = conversationOf(conversationId)?.kind === 'group'
    if (retry || (due <= 0 && !inGroup)) {
      send(event, conversationId, seq)
      return
    }
    // A group's message reaches all of its members at once: even their first receipts part.
    if (due <= 0) due = Math.round(random() * intervalMs)
    const timer = setTimeout(() => {
      const latest = waiting[event].get(conversationId)
      waiting[event].delete(conversationId)
      if (latest) send(event, conversationId, latest.seq)
    }, due)
    waiting[event].set(conversationId, { seq, timer })
  }

  function markRead(conversationId: string, seq: number): void {
    const conversation = conversationOf(conversationId)
    if (!transport.isConnected() || !conversation || conversation.left || seq > conversation.last_seq) return
    if (seq <= conversation.read_seq) return
    useChatStore.getState().readMarked(conversationId, seq) // the badge clears now; the server in its turn
    report('read', conversationId, seq)
  }

  return {
    reportDelivered: (conversationId, seq) => report('delivered', conversationId, seq),
    acknowledgeDelivery: (messages) => {
      const myId = useChatStore.getState().user?.id
      const highest = new Map<string, number>()
      for (const m of messages) {
        if (m.sender_id === myId || endsMembership(m, myId)) continue
        highest.set(m.conversation_id, Math.max(highest.get(m.conversation_id) ?? 0, m.seq))
      }
      highest.forEach((seq, conversationId) => report('delivered', conversationId, seq))
    },
    acknowledgeUnread: () => {
      for (const c of useChatStore.getState().conversations) {
        if (c.unread > 0 && !c.left) report('delivered', c.id, c.last_seq)
      }
    },
    markRead,
    reset: () => {
      for (const event of ['delivered', 'read'] as const) {
        waiting[event].forEach(({ timer }) => clearTimeout(timer))
        waiting[event].clear()
        sent[event].clear()
        sentAt[event].clear()
      }
      turnedAway.forEach(({ timer }) => clearTimeout(timer))
      turnedAway.clear()
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
