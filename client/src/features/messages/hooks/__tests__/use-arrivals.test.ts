import { beforeEach, describe, expect, it } from 'vitest'
import { makeMessage as msg, me } from '../../../../testing/factories'
import { useChatStore } from '../../../../stores/chat-store'
import { newArrivals } from '../use-arrivals'

const store = () => useChatStore.getState()

/** newArrivals across one store action on conversation c1. */
function arrivalsOf(action: () => void): number[] {
  const before = store().threads.c1
  action()
  return newArrivals(before, store().threads.c1, me.id).map((m) => m.seq)
}

beforeEach(() => {
  store().signedOut()
  store().signedIn(me)
})

describe('newArrivals', () => {
  it('is empty for the first page and for older pages: history is not news', () => {
    expect(arrivalsOf(() => store().threadLoading('c1'))).toEqual([])
    expect(
      arrivalsOf(() => store().pageLoaded('c1', { messages: [msg(5), msg(6)], next_before: 5 }, false)),
    ).toEqual([])
    expect(
      arrivalsOf(() => store().pageLoaded('c1', { messages: [msg(3), msg(4)], next_before: 3 }, true)),
    ).toEqual([])
  })

  it("names the other member's new messages, live or caught up after a reconnect, not one's own", () => {
    store().pageLoaded('c1', { messages: [msg(1)], next_before: null }, false)
    expect(arrivalsOf(() => store().messageReceived(msg(2)))).toEqual([2])
    expect(arrivalsOf(() => store().messageReceived(msg(3, { sender_id: me.id })))).toEqual([])
    expect(arrivalsOf(() => store().messageReceived(msg(2)))).toEqual([]) // replayed
    expect(arrivalsOf(() => store().messagesSynced([msg(4), msg(5, { sender_id: me.id }), msg(6)]))).toEqual([
      4, 6,
    ])
  })

  it('counts a first message into an empty, loaded conversation', () => {
    store().pageLoaded('c1', { messages: [], next_before: null }, false)
    expect(arrivalsOf(() => store().messageReceived(msg(1)))).toEqual([1])
  })
})
