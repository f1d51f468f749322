import { beforeEach, describe, expect, it } from 'vitest'
import { bob, makeConversation, makeMessage as msg, me } from '../../testing/factories'
import { useChatStore } from '../chat-store'
import { selectPendingIn } from '../selectors'

const toBob = { conversationId: null, peerId: bob.id }

const store = () => useChatStore.getState()
const thread = () => store().threads.c1?.messages ?? []

beforeEach(() => {
  store().signedOut()
  store().signedIn(me)
})

describe('messages ordering', () => {
  it('keeps a thread ascending by seq across pages and live messages, without duplicates', () => {
    store().pageLoaded('c1', { messages: [msg(4), msg(5), msg(6)], next_before: 4 }, false)
    store().messageReceived(msg(8))
    store().messageReceived(msg(7))
    store().pageLoaded('c1', { messages: [msg(1), msg(2), msg(3), msg(4)], next_before: null }, true)
    store().messageReceived(msg(6)) // replayed after a reconnect

    expect(thread().map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(store().threads.c1?.nextBefore).toBeNull()
  })

  it('keeps the older-page cursor when the newest page is refreshed', () => {
    store().pageLoaded('c1', { messages: [msg(51), msg(52)], next_before: 51 }, false)
    store().pageLoaded('c1', { messages: [msg(49), msg(50)], next_before: 49 }, true)
    store().pageLoaded('c1', { messages: [msg(52), msg(53)], next_before: 52 }, false)
    expect(store().threads.c1?.nextBefore).toBe(49)
  })
})

describe('pending messages', () => {
  it('replaces the pending copy with the acked one, and ignores the echo to other tabs', () => {
    store().conversationsLoaded([makeConversation({}, msg(1))])
    store().pageLoaded('c1', { messages: [msg(1)], next_before: null }, false)

    store().messageQueued('cid-abc-123', { peer: bob }, 'hi bob')
    expect(selectPendingIn({ ...toBob, conversationId: 'c1' })(store()).map((p) => p.state)).toEqual([
      'pending',
    ])

    const stored = msg(2, { sender_id: me.id, text: 'hi bob', client_id: 'cid-abc-123' })
    store().messageAcked('cid-abc-123', stored)
    store().messageReceived({ ...stored }) // the same message, pushed as new_message

    expect(store().pending).toEqual({})
    expect(thread().map((m) => m.id)).toEqual(['m1', 'm2'])
    expect(store().conversations[0]?.last_message?.id).toBe('m2')
  })

  it('drops the pending copy when new_message arrives before the ack', () => {
    store().messageQueued('cid-race-1', { peer: bob }, 'quick')
    const stored = msg(1, { sender_id: me.id, text: 'quick', client_id: 'cid-race-1' })
    store().messageReceived(stored)
    store().messageAcked('cid-race-1', stored)
    expect(store().pending).toEqual({})
    expect(thread()).toHaveLength(1)
  })

  it('creates the conversation on the first acked send to a new contact', () => {
    store().messageQueued('cid-first-1', { peer: bob }, 'first!')
    store().messageAcked(
      'cid-first-1',
      msg(1, { conversation_id: 'c-new', sender_id: me.id, client_id: 'cid-first-1' }),
    )
    expect(store().conversations).toEqual([
      expect.objectContaining({
        id: 'c-new',
        kind: 'direct',
        other: expect.objectContaining({ username: 'bob' }),
      }),
    ])
    expect(store().threads['c-new']?.messages).toHaveLength(1)
  })

  it('keeps a failed message with its text so it can be retried with the same client_id', () => {
    store().messageQueued('cid-fail-1', { peer: bob }, 'will fail')
    store().messageFailed('cid-fail-1', 'timeout')
    expect(store().pending['cid-fail-1']).toMatchObject({ state: 'failed', text: 'will fail' })
    store().messageRetrying('cid-fail-1')
    expect(store().pending['cid-fail-1']?.state).toBe('pending')
  })

  it('reports a message of an unknown conversation so the list gets reloaded', () => {
    expect(store().messageReceived(msg(1, { conversation_id: 'c-unknown' }))).toBe(false)
  })
})

describe('logout', () => {
  it('resets every slice', () => {
    store().messageQueued('cid-x-1234', { peer: bob }, 'x')
    store().onlineUsersReceived([bob.id])
    store().presenceChanged(bob.id, false, '2026-01-01T00:00:00.000Z')
    store().signedOut()
    const s = store()
    expect([s.user, s.pending, s.threads, s.conversations, s.online.size, s.lastSeen]).toEqual([
      null,
      {},
      {},
      [],
      0,
      {},
    ])
    expect(s.authStatus).toBe('anonymous')
  })
})
