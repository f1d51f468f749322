import { describe, expect, it } from 'vitest'
import { bob, makeConversation, makeMessage as msg, me } from '../../testing/factories'
import { applyMessages, mergeMessages, reconcileConversation } from '../merge'

describe('mergeMessages', () => {
  it('orders by seq whatever the arrival order', () => {
    const merged = mergeMessages([msg(2), msg(5)], [msg(4), msg(1), msg(3)])
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5])
  })

  it('drops a message already held by id, by client_id or by seq', () => {
    const held = [msg(1), msg(2)]
    const again = [
      msg(1), // same id
      msg(7, { id: 'other-id', client_id: 'client-2' }), // same client_id: our send echoed
      msg(2, { id: 'm2-copy', client_id: null }), // same seq
      msg(3),
    ]
    expect(mergeMessages(held, again).map((m) => m.id)).toEqual(['m1', 'm2', 'm3'])
  })

  it('drops duplicates inside one incoming batch and keeps the same list when nothing is new', () => {
    expect(mergeMessages([], [msg(1), msg(1), msg(2)]).map((m) => m.seq)).toEqual([1, 2])
    const held = [msg(1)]
    expect(mergeMessages(held, [msg(1)])).toBe(held)
  })
})

describe('applyMessages', () => {
  it('counts each new message from the other member once as unread', () => {
    const list = [makeConversation({ last_seq: 2, read_seq: 2 }, msg(2))]
    const once = applyMessages(list, [msg(3), msg(4)], me.id).list
    const replayed = applyMessages(once, [msg(3), msg(4)], me.id).list
    expect(replayed[0]).toMatchObject({ last_seq: 4, unread: 2, read_seq: 2 })
    expect(replayed[0]?.last_message?.seq).toBe(4)
  })

  it('moves our read cursor to our own message, which clears the unread count', () => {
    const list = [makeConversation({ last_seq: 3, read_seq: 1, unread: 2 }, msg(3))]
    const [c] = applyMessages(list, [msg(4, { sender_id: me.id })], me.id).list
    expect(c).toMatchObject({ last_seq: 4, read_seq: 4, unread: 0 })
  })

  it('reports an unknown conversation, or creates it for our first message to a known user', () => {
    expect(applyMessages([], [msg(1, { conversation_id: 'c9' })], me.id).unknown).toEqual(['c9'])
    const created = applyMessages([], [msg(1, { conversation_id: 'c9', sender_id: me.id })], me.id, bob)
    expect(created.list[0]).toMatchObject({ id: 'c9', last_seq: 1, read_seq: 1, unread: 0, other: bob })
  })
})

describe('reconcileConversation', () => {
  it('keeps a message that arrived while the list was loading', () => {
    const fresh = makeConversation({ last_seq: 2, unread: 1, read_seq: 1 }, msg(2))
    const local = makeConversation({ last_seq: 3, unread: 2, read_seq: 1 }, msg(3))
    expect(reconcileConversation(fresh, local)).toMatchObject({ last_seq: 3, unread: 2 })
  })

  it('takes the fresh counts otherwise, and never moves a receipt backwards', () => {
    const fresh = makeConversation({ last_seq: 5, unread: 3, read_seq: 2, peer_read_seq: 1 }, msg(5))
    const local = makeConversation({ last_seq: 3, unread: 1, read_seq: 2, peer_read_seq: 3 }, msg(3))
    expect(reconcileConversation(fresh, local)).toMatchObject({
      last_seq: 5,
      unread: 3,
      peer_read_seq: 3,
    })
  })
})
