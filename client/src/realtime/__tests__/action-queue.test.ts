import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useChatStore } from '../../stores/chat-store'
import type { PendingAction } from '../../stores/message-changes'
import { withPendingActions } from '../../stores/message-changes'
import { makeConversation, makeMessage as msg, me, memoryStorage } from '../../testing/factories'
import type { Message, MessageAck } from '../../types/api'
import { actionsInOrder, createActionQueue } from '../action-queue'
import { actionsKey, persistActions, readActions } from '../action-storage'

const store = () => useChatStore.getState()
const own = msg(1, { sender_id: me.id, text: 'first try', reactions: [] })

/** What the server would answer: the message after the action. */
function applied(a: PendingAction): Message {
  return { ...withPendingActions(own, [a], me.id), change_seq: 1, edited_at: a.kind === 'edit' ? a.at : null }
}

function fakeTransport(answer: (a: PendingAction) => Promise<MessageAck>) {
  const fake = {
    connected: true,
    sent: [] as PendingAction[],
    transport: {
      isConnected: () => fake.connected,
      send: (a: PendingAction) => {
        fake.sent.push(a)
        return answer(a)
      },
    },
  }
  return fake
}

/** Every toast shown (they go away by themselves after a few seconds). */
const toasts: string[] = []
useChatStore.subscribe((state, prev) => {
  for (const t of state.toasts) if (!prev.toasts.includes(t)) toasts.push(t.text)
})

const shown = () =>
  withPendingActions(store().threads.c1?.messages[0] ?? own, actionsInOrder(store().actions), me.id)

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 })
  store().signedOut()
  store().signedIn(me)
  toasts.length = 0
  store().conversationsLoaded([makeConversation({ last_seq: 1 }, own)])
  store().pageLoaded('c1', { messages: [own], next_before: null }, false)
})

afterEach(() => {
  vi.useRealTimers()
})

describe('action queue', () => {
  it('shows offline edits, reactions and deletions at once, then sends each once, in order, on reconnect', async () => {
    const fake = fakeTransport((a) => Promise.resolve({ ok: true, message: applied(a) }))
    fake.connected = false
    const queue = createActionQueue(fake.transport)
    queue.enqueue({ kind: 'edit', messageId: 'm1', conversationId: 'c1', text: 'second try' })
    queue.enqueue({ kind: 'react', messageId: 'm1', conversationId: 'c1', emoji: '👍', on: true })
    expect(fake.sent).toEqual([])
    expect(shown()).toMatchObject({ text: 'second try', reactions: [{ emoji: '👍', user_ids: [me.id] }] })

    fake.connected = true
    queue.flush()
    await vi.runAllTimersAsync()
    expect(fake.sent.map((a) => a.kind)).toEqual(['edit', 'react'])
    expect(store().actions).toEqual({})
    // The acks replaced the message: no pending overlay is needed any more.
    expect(store().threads.c1?.messages[0]?.reactions).toEqual([{ emoji: '👍', count: 1, user_ids: [me.id] }])
  })

  it('keeps an action pending while the server is busy, without using up attempts', async () => {
    let busy = 8
    const fake = fakeTransport((a) =>
      Promise.resolve(
        busy-- > 0 ? { ok: false, error: 'server_busy', retry_after: 1 } : { ok: true, message: applied(a) },
      ),
    )
    createActionQueue(fake.transport, () => 0).enqueue({
      kind: 'delete',
      messageId: 'm1',
      conversationId: 'c1',
    })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(Object.values(store().actions)).toHaveLength(1)
    expect(shown().deleted).toBe(true)
    await vi.advanceTimersByTimeAsync(300_000)
    expect(fake.sent).toHaveLength(9)
    expect(store().actions).toEqual({})
    expect(store().threads.c1?.messages[0]?.deleted).toBe(true)
    expect(toasts).toEqual([])
  })

  it('undoes a refused action and says why', async () => {
    const fake = fakeTransport(() =>
      Promise.resolve({
        ok: false,
        error: 'edit_window_passed',
        message: 'Messages can be edited for 60 minutes',
      }),
    )
    createActionQueue(fake.transport).enqueue({
      kind: 'edit',
      messageId: 'm1',
      conversationId: 'c1',
      text: 'late',
    })
    expect(shown().text).toBe('late')
    await vi.runAllTimersAsync()
    expect(fake.sent).toHaveLength(1)
    expect(shown().text).toBe('first try')
    expect(toasts).toEqual(['Not edited: Messages can be edited for 60 minutes'])
  })

  it('resends an unanswered action after a backoff, and gives up after five', async () => {
    const fake = fakeTransport(() => Promise.reject(new Error('timeout')))
    createActionQueue(fake.transport, () => 0).enqueue({
      kind: 'react',
      messageId: 'm1',
      conversationId: 'c1',
      emoji: '🎉',
      on: true,
    })
    await vi.advanceTimersByTimeAsync(120_000)
    expect(fake.sent).toHaveLength(5)
    expect(store().actions).toEqual({})
    expect(shown().reactions).toEqual([])
    expect(toasts).toEqual(['Reaction not saved: the server did not answer.'])
  })

  it('is saved per user and restored after a reload', () => {
    const storage = memoryStorage()
    store().signedOut()
    const stop = persistActions(storage)
    store().signedIn(me)
    store().actionQueued({ kind: 'edit', messageId: 'm1', conversationId: 'c1', text: 'offline edit' })
    const saved = readActions(storage, me.id)
    expect(saved).toEqual([expect.objectContaining({ kind: 'edit', messageId: 'm1', text: 'offline edit' })])

    store().signedOut() // a reload: the store starts empty
    expect(store().actions).toEqual({})
    store().signedIn(me)
    expect(Object.values(store().actions)).toEqual([expect.objectContaining({ text: 'offline edit' })])
    storage.setItem(actionsKey(me.id), '[{"kind":"edit"}]') // unreadable entries are dropped
    expect(readActions(storage, me.id)).toEqual([])
    stop()
  })
})
