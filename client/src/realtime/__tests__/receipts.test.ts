import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useChatStore } from '../../stores/chat-store'
import {
  makeConversation,
  makeGroup,
  makeMessage as msg,
  makeSystemMessage,
  me,
} from '../../testing/factories'
import type { CursorPayload } from '../../types/api'
import { createReceipts, receiptInterval } from '../receipts'

const store = () => useChatStore.getState()
const shed = { ok: false as const, error: 'server_busy', message: 'The server is busy', retry_after: 1 }

/** A socket stand-in that records each receipt with the time it went; `busy` of them are shed. */
function fakeTransport(busy = 0) {
  const sent: { event: 'delivered' | 'read'; at: number; payload: CursorPayload }[] = []
  return {
    sent,
    delivered: () =>
      sent
        .filter((s) => s.event === 'delivered')
        .map((s) => [s.at, s.payload.conversation_id, s.payload.seq]),
    transport: {
      isConnected: () => true,
      delivered: (payload: CursorPayload) => {
        sent.push({ event: 'delivered', at: Date.now(), payload })
        return Promise.resolve(busy-- > 0 ? shed : { ok: true as const, seq: payload.seq })
      },
      read: (payload: CursorPayload) => {
        sent.push({ event: 'read', at: Date.now(), payload })
        return Promise.resolve(busy-- > 0 ? shed : { ok: true as const, seq: payload.seq, unread: 0 })
      },
    },
  }
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 })
  store().signedOut()
  store().signedIn(me)
  store().conversationsLoaded([
    makeConversation({ last_seq: 20 }),
    makeGroup({ last_seq: 20 }),
    makeGroup({ id: 'g-left', left: true, my_role: null, last_seq: 20 }),
  ])
})

afterEach(() => {
  vi.useRealTimers()
})

describe('delivered receipts', () => {
  it('go at most once per conversation per second, each with the highest seq received', async () => {
    const fake = fakeTransport()
    const receipts = createReceipts(fake.transport, 1000, middle)
    receipts.acknowledgeDelivery([msg(1)])
    for (let seq = 2; seq <= 6; seq++) {
      await vi.advanceTimersByTimeAsync(150)
      receipts.acknowledgeDelivery([msg(seq)])
    }
    expect(fake.delivered()).toEqual([[0, 'c1', 1]])
    await vi.advanceTimersByTimeAsync(250)
    expect(fake.delivered()).toEqual([
      [0, 'c1', 1],
      [1000, 'c1', 6],
    ])
    // Quiet for a while: the next one goes at once.
    await vi.advanceTimersByTimeAsync(5000)
    receipts.acknowledgeDelivery([msg(7)])
    expect(fake.delivered()).toEqual([
      [0, 'c1', 1],
      [1000, 'c1', 6],
      [6000, 'c1', 7],
    ])
  })

  it('are counted per conversation, one per conversation for a batch from sync', async () => {
    const fake = fakeTransport()
    const receipts = createReceipts(fake.transport, 1000, middle)
    const group = (seq: number) => msg(seq, { conversation_id: 'g1' })
    receipts.acknowledgeDelivery([msg(3), group(4), msg(5), group(9), group(8)])
    await vi.advanceTimersByTimeAsync(2000)
    expect(fake.delivered()).toEqual([
      [0, 'c1', 5],
      [500, 'g1', 9], // a random part of the interval later: see "receipt intervals"
    ])
  })

  it('are not sent for our own messages, a group we left, or the message that removed us', async () => {
    const fake = fakeTransport()
    const receipts = createReceipts(fake.transport)
    receipts.acknowledgeDelivery([
      msg(2, { sender_id: me.id }),
      msg(3, { conversation_id: 'g-left' }),
      makeSystemMessage(4, { event: 'member_removed', target_ids: [me.id] }),
    ])
    await vi.advanceTimersByTimeAsync(2000)
    expect(fake.sent).toEqual([])
  })

  it('start over on a new connection', async () => {
    const fake = fakeTransport()
    const receipts = createReceipts(fake.transport, 1000, middle)
    receipts.reportDelivered('c1', 4)
    receipts.reportDelivered('c1', 5) // waits for the second to end…
    receipts.reset() // …but the connection went; what it missed is told again after the sync
    receipts.reportDelivered('c1', 5)
    await vi.advanceTimersByTimeAsync(2000)
    expect(fake.delivered()).toEqual([
      [0, 'c1', 4],
      [0, 'c1', 5],
    ])
  })
})

describe('read receipts', () => {
  it('go once per seq for the open conversation, not for a group we left', async () => {
    const fake = fakeTransport()
    const receipts = createReceipts(fake.transport, 1000, middle)
    receipts.markRead('c1', 5)
    receipts.markRead('c1', 5)
    receipts.markRead('g-left', 6)
    await vi.advanceTimersByTimeAsync(2000)
    receipts.markRead('c1', 6)
    await vi.advanceTimersByTimeAsync(0)
    expect(events(fake)).toEqual([
      [0, 'read', 'c1', 5],
      [2000, 'read', 'c1', 6],
    ])
  })

  it('go at most once a second while messages keep coming, the badge clearing at once', async () => {
    store().conversationsLoaded([makeConversation({ last_seq: 20, read_seq: 20 })])
    const fake = fakeTransport()
    const receipts = createReceipts(fake.transport, 1000, middle)
    for (const seq of [21, 22, 23, 24]) {
      store().messageReceived(msg(seq))
      expect(direct()).toMatchObject({ unread: 1 })
      receipts.markRead('c1', seq)
      expect(direct()).toMatchObject({ unread: 0 }) // cleared now, whatever the server hears when
      await vi.advanceTimersByTimeAsync(200)
    }
    expect(events(fake)).toEqual([[0, 'read', 'c1', 21]])
    await vi.advanceTimersByTimeAsync(1000)
    expect(events(fake)).toEqual([
      [0, 'read', 'c1', 21],
      [1000, 'read', 'c1', 24],
    ])
    expect(direct()).toMatchObject({ read_seq: 24, unread: 0 })
  })

  it('stand for delivered: no delivered goes for what a read already told', async () => {
    const fake = fakeTransport()
    const receipts = createReceipts(fake.transport, 1000, middle)
    receipts.acknowledgeDelivery([msg(3)])
    receipts.markRead('c1', 3)
    for (const seq of [4, 5]) {
      await vi.advanceTimersByTimeAsync(300)
      receipts.acknowledgeDelivery([msg(seq)])
      receipts.markRead('c1', seq)
    }
    await vi.advanceTimersByTimeAsync(2000)
    expect(events(fake)).toEqual([
      [0, 'delivered', 'c1', 3],
      [0, 'read', 'c1', 3],
      [1000, 'read', 'c1', 5],
    ])
  })
})

describe('receipt intervals', () => {
  it('vary at random by a quarter either way, so the members of a group do not report together', async () => {
    expect(receiptInterval(1000, () => 0)).toBe(750)
    expect(receiptInterval(1000, () => 0.5)).toBe(1000)
    expect(receiptInterval(1000, () => 1)).toBe(1250)
    // Two members get the same messages at the same instants; their receipts part, the first too.
    const early = fakeTransport()
    const late = fakeTransport()
    const clients = [
      createReceipts(early.transport, 1000, () => 0),
      createReceipts(late.transport, 1000, () => 1),
    ]
    for (let seq = 1; seq <= 15; seq++) {
      for (const receipts of clients) receipts.markRead('g1', seq)
      await vi.advanceTimersByTimeAsync(100)
    }
    await vi.advanceTimersByTimeAsync(2000)
    expect(events(early).map(([at]) => at)).toEqual([0, 750, 1500])
    expect(events(late).map(([at]) => at)).toEqual([1000, 2250])
  })

  it('hold even the first receipt of a group a random part of the interval, not of a direct chat', async () => {
    const fake = fakeTransport()
    const receipts = createReceipts(fake.transport, 1000, () => 0.3)
    receipts.acknowledgeDelivery([msg(4, { conversation_id: 'g1' }), msg(6)])
    receipts.markRead('g1', 4)
    await vi.advanceTimersByTimeAsync(2000)
    expect(events(fake)).toEqual([
      [0, 'delivered', 'c1', 6],
      [300, 'read', 'g1', 4], // the delivered it stands for did not go
    ])
  })
})

describe('receipts turned away by a busy server', () => {
  it('go again after retry_after (or the backoff), until one is taken', async () => {
    store().conversationsLoaded([
      makeConversation({ last_seq: 20 }),
      makeConversation({ id: 'c2', last_seq: 20 }),
    ])
    const fake = fakeTransport(3)
    const receipts = createReceipts(fake.transport, 1000, () => 1)
    receipts.markRead('c1', 5) // shed, shed…
    receipts.reportDelivered('c2', 4) // …shed too
    await vi.advanceTimersByTimeAsync(10_000)
    const times = (event: string, id: string) =>
      fake.sent.filter((s) => s.event === event && s.payload.conversation_id === id).map((s) => s.at)
    // retry_after 1 s, then the backoff's 2 s once it is the longer wait.
    expect(times('read', 'c1')).toEqual([0, 1000, 3000])
    expect(times('delivered', 'c2')).toEqual([0, 1000])
    expect(direct()).toMatchObject({ read_seq: 5 })
  })
})

const direct = () => store().conversations.find((c) => c.id === 'c1')
/** An interval of exactly intervalMs (receiptInterval's middle). */
const middle = () => 0.5
const events = (fake: ReturnType<typeof fakeTransport>) =>
  fake.sent.map((s) => [s.at, s.event, s.payload.conversation_id, s.payload.seq])
