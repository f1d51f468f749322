import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useChatStore } from '../../stores/chat-store'
import { bob, makeConversation, makeMessage as msg, me } from '../../testing/factories'
import type { CursorPayload, SyncAck, SyncPayload } from '../../types/api'
import { resetReceipts } from '../receipts'
import { changeCursorsFor, syncConversations, syncCursors } from '../sync'

const emitted: { event: string; payload: CursorPayload }[] = []
vi.mock('../../lib/socket', () => ({
  getSocket: () => ({
    connected: true,
    timeout: () => ({
      emitWithAck: (event: string, payload: CursorPayload) => {
        emitted.push({ event, payload })
        return Promise.resolve({ ok: true, seq: payload.seq })
      },
    }),
  }),
}))

const store = () => useChatStore.getState()

beforeEach(() => {
  emitted.length = 0
  resetReceipts()
  store().signedOut()
  store().signedIn(me)
})

afterEach(() => {
  vi.useRealTimers()
})

describe('syncCursors', () => {
  it('starts after the highest seq held, at 0 for a loaded empty thread, skips unloaded ones', () => {
    store().pageLoaded('c1', { messages: [msg(3), msg(4)], next_before: 3 }, false)
    store().pageLoaded('c2', { messages: [], next_before: null }, false)
    store().threadLoading('c3')
    expect(syncCursors(store())).toEqual({ c1: 4, c2: 0 })
  })
})

describe('syncConversations', () => {
  it('asks again after a backoff when the server is busy, then goes on', async () => {
    store().pageLoaded('c1', { messages: [], next_before: null }, false)
    const acks: SyncAck[] = [
      { ok: false, error: 'server_busy', message: 'The server is busy' },
      { ok: true, messages: [msg(1)], more: false },
    ]
    const calls: SyncPayload[] = []
    const waits: number[] = []
    await syncConversations(
      { c1: 0 },
      (payload) => {
        calls.push(structuredClone(payload))
        return Promise.resolve(acks[calls.length - 1] as SyncAck)
      },
      (ms) => {
        waits.push(ms)
        return Promise.resolve()
      },
    )
    expect(calls.map((c) => c.cursors)).toEqual([{ c1: 0 }, { c1: 0 }])
    expect(waits).toHaveLength(1)
    expect(store().threads.c1?.messages.map((m) => m.seq)).toEqual([1])
  })

  it('gives up on a server that stays busy', async () => {
    const busy: SyncAck = { ok: false, error: 'server_busy', message: 'The server is busy' }
    let calls = 0
    const emit = () => {
      calls += 1
      return Promise.resolve(busy)
    }
    await expect(syncConversations({ c1: 0 }, emit, () => Promise.resolve())).rejects.toThrow('busy')
    expect(calls).toBe(5)
  })

  it('pages while more, merging without duplicates and settling our pending copy', async () => {
    vi.useFakeTimers()
    store().conversationsLoaded([makeConversation({ last_seq: 2, read_seq: 2 }, msg(2))])
    store().pageLoaded('c1', { messages: [msg(1), msg(2)], next_before: null }, false)
    store().messageQueued('cid-lost-ack1', { peer: bob }, 'mine')
    const ours = msg(4, { sender_id: me.id, text: 'mine', client_id: 'cid-lost-ack1' })

    const pages: SyncAck[] = [
      { ok: true, messages: [msg(2), msg(3)], more: true }, // 2 is a replay
      { ok: true, messages: [ours, msg(5)], more: false },
    ]
    const calls: SyncPayload[] = []
    await syncConversations({ c1: 2 }, (payload) => {
      calls.push(structuredClone(payload))
      return Promise.resolve(pages[calls.length - 1] as SyncAck)
    })

    expect(calls.map((c) => c.cursors)).toEqual([{ c1: 2 }, { c1: 3 }])
    expect(store().threads.c1?.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5])
    expect(store().pending).toEqual({})
    expect(store().conversations[0]).toMatchObject({ last_seq: 5, read_seq: 4, unread: 1 })
    // Received from bob up to 5: the first page's receipt at once, the next one a second or so
    // later (at most 1.25 s: the interval varies at random).
    expect(emitted).toEqual([{ event: 'delivered', payload: { conversation_id: 'c1', seq: 3 } }])
    await vi.advanceTimersByTimeAsync(1250)
    expect(emitted).toEqual([
      { event: 'delivered', payload: { conversation_id: 'c1', seq: 3 } },
      { event: 'delivered', payload: { conversation_id: 'c1', seq: 5 } },
    ])
  })

  it('stops on an error ack', async () => {
    await expect(
      syncConversations({ c1: 0 }, () => Promise.resolve({ ok: false, error: 'forbidden' })),
    ).rejects.toThrow('forbidden')
  })

  it('sends the change cursors, replaces changed messages whole and pages while more', async () => {
    store().conversationsLoaded([makeConversation({ last_seq: 3, read_seq: 3, last_change: 4 }, msg(3))])
    store().pageLoaded('c1', { messages: [msg(1), msg(2), msg(3)], next_before: null }, false)
    expect(changeCursorsFor(store(), ['c1'])).toEqual({ c1: 4 })

    const pages: SyncAck[] = [
      {
        ok: true,
        messages: [],
        changed: [msg(1, { text: 'edited', edited_at: '2025-01-02T00:00:00Z', change_seq: 5 })],
        change_cursors: { c1: 5 },
        more: true,
      },
      {
        ok: true,
        messages: [msg(4)],
        changed: [msg(2, { text: null, deleted: true, change_seq: 7 })],
        change_cursors: { c1: 7 },
        more: false,
      },
    ]
    const calls: SyncPayload[] = []
    await syncConversations(
      { c1: 3 },
      (payload) => {
        calls.push(structuredClone(payload))
        return Promise.resolve(pages[calls.length - 1] as SyncAck)
      },
      () => Promise.resolve(),
      changeCursorsFor(store(), ['c1']),
    )
    expect(calls.map((c) => c.changes)).toEqual([{ c1: 4 }, { c1: 5 }])
    const held = store().threads.c1?.messages ?? []
    expect(held.map((m) => [m.seq, m.text, m.deleted ?? false])).toEqual([
      [1, 'edited', false],
      [2, null, true],
      [3, 'hello 3', false],
      [4, 'hello 4', false],
    ])
    expect(store().changeCursors).toEqual({ c1: 7 })
  })
})
