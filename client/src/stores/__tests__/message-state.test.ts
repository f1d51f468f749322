import { beforeEach, describe, expect, it } from 'vitest'
import { bob, makeConversation, makeMessage as msg, me } from '../../testing/factories'
import { useChatStore } from '../chat-store'
import { storedMessageState } from '../message-state'
import { selectPendingIn } from '../selectors'

const toBob = { conversationId: null, peerId: bob.id }

const own = (seq: number) => msg(seq, { sender_id: me.id })
const store = () => useChatStore.getState()

describe('storedMessageState', () => {
  const receipts = { peer_delivered_seq: 4, peer_read_seq: 2 }

  it('is read, delivered or sent by the peer cursors', () => {
    expect([1, 2, 3, 4, 5].map((seq) => storedMessageState(own(seq), me.id, receipts))).toEqual([
      'read',
      'read',
      'delivered',
      'delivered',
      'sent',
    ])
  })

  it('counts a read message as delivered even if the delivered receipt lags behind', () => {
    expect(storedMessageState(own(3), me.id, { peer_delivered_seq: 1, peer_read_seq: 3 })).toBe('read')
    expect(storedMessageState(own(3), me.id, { peer_delivered_seq: 1, peer_read_seq: 4 })).toBe('read')
  })

  it('shows no receipts on the other member’s messages or without a conversation', () => {
    expect(storedMessageState(msg(1), me.id, receipts)).toBe('sent')
    expect(storedMessageState(own(1), me.id, undefined)).toBe('sent')
  })
})

describe('receipts in the store', () => {
  beforeEach(() => {
    store().signedOut()
    store().signedIn(me)
    store().conversationsLoaded([makeConversation({ last_seq: 5, read_seq: 3, unread: 2 }, msg(5))])
  })

  const conv = () => store().conversations[0]

  it('moves the peer cursors forward only, a read implying delivered', () => {
    store().deliveredReceived({ conversation_id: 'c1', user_id: bob.id, seq: 4 })
    store().readReceived({ conversation_id: 'c1', user_id: bob.id, seq: 5, unread: 0 })
    store().deliveredReceived({ conversation_id: 'c1', user_id: bob.id, seq: 3 })
    expect(conv()).toMatchObject({ peer_delivered_seq: 5, peer_read_seq: 5 })
  })

  it('takes our read cursor and unread count from another tab', () => {
    store().readReceived({ conversation_id: 'c1', user_id: me.id, seq: 5, unread: 0 })
    expect(conv()).toMatchObject({ read_seq: 5, unread: 0, peer_read_seq: 0 })
  })

  it('clears the badge at once when we read, and keeps the server’s count from the ack', () => {
    store().readMarked('c1', 5)
    expect(conv()).toMatchObject({ read_seq: 3, unread: 0 })
    store().readAcked('c1', 5, 0)
    expect(conv()).toMatchObject({ read_seq: 5, unread: 0 })
  })
})

describe('outbox states', () => {
  beforeEach(() => {
    store().signedOut()
    store().signedIn(me)
  })

  it('goes pending → failed → pending (retry) → gone once acked', () => {
    store().messageQueued('cid-state-1', { peer: bob }, 'hi')
    const states = () => selectPendingIn(toBob)(store()).map((p) => p.state)
    expect(states()).toEqual(['pending'])
    store().messageFailed('cid-state-1', 'invalid')
    expect(states()).toEqual(['failed'])
    store().messageRetrying('cid-state-1')
    expect(states()).toEqual(['pending'])
    store().messageAcked('cid-state-1', own(1))
    expect(states()).toEqual([])
  })

  it('lists pending messages in the order typed', () => {
    for (const id of ['cid-c-0001', 'cid-a-0002', 'cid-b-0003']) store().messageQueued(id, { peer: bob }, id)
    expect(selectPendingIn(toBob)(store()).map((p) => p.clientId)).toEqual([
      'cid-c-0001',
      'cid-a-0002',
      'cid-b-0003',
    ])
  })
})
