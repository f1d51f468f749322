import { beforeEach, describe, expect, it } from 'vitest'
import { bob, makeConversation, makeGroup, makeMessage as msg, me } from '../../testing/factories'
import { useChatStore } from '../chat-store'

const store = () => useChatStore.getState()

beforeEach(() => {
  store().signedOut()
  store().signedIn(me)
})

describe('changes slice', () => {
  it('replaces an updated message in its thread and as the conversation preview', () => {
    store().conversationsLoaded([makeConversation({ last_seq: 2, last_change: 3 }, msg(2))])
    store().pageLoaded('c1', { messages: [msg(1), msg(2)], next_before: null }, false)
    store().messagesChanged([msg(2, { text: null, deleted: true, change_seq: 4 })])
    expect(store().threads.c1?.messages.map((m) => m.deleted ?? false)).toEqual([false, true])
    expect(store().conversations[0]?.last_message?.deleted).toBe(true)
    expect(store().changeCursors).toEqual({ c1: 4 }) // the very next change: applied in order
  })

  it('applies reaction events to the held message', () => {
    store().conversationsLoaded([makeConversation({ last_seq: 1 }, msg(1))])
    store().pageLoaded('c1', { messages: [msg(1, { reactions: [] })], next_before: null }, false)
    const event = {
      conversation_id: 'c1',
      message_id: 'm1',
      emoji: '🎉',
      user_id: bob.id,
      on: true,
      change_seq: 1,
    }
    store().reactionReceived(event)
    expect(store().threads.c1?.messages[0]?.reactions).toEqual([
      { emoji: '🎉', count: 1, user_ids: [bob.id] },
    ])
    store().reactionReceived({ ...event, on: false, change_seq: 2 })
    expect(store().threads.c1?.messages[0]?.reactions).toEqual([])
  })

  it('counts a new message naming us as an unread mention; reading all and deleting clear it', () => {
    store().conversationsLoaded([makeGroup({ last_seq: 1, read_seq: 1 })])
    store().pageLoaded('g1', { messages: [], next_before: null }, false)
    const naming = msg(2, { conversation_id: 'g1', text: '@me hi', mentions: [me.id] })
    store().messageReceived(naming)
    store().messageReceived(msg(3, { conversation_id: 'g1', text: 'no one', mentions: [] }))
    expect(store().conversations[0]).toMatchObject({ unread: 2, unread_mentions: 1 })
    store().messagesChanged([{ ...naming, text: null, deleted: true, change_seq: 1 }])
    expect(store().conversations[0]?.unread_mentions).toBe(0)

    store().messageReceived(msg(4, { conversation_id: 'g1', mentions: [me.id] }))
    expect(store().conversations[0]?.unread_mentions).toBe(1)
    store().readAcked('g1', 4, 0)
    expect(store().conversations[0]).toMatchObject({ unread: 0, unread_mentions: 0 })
  })

  it('keeps the change cursors across list reloads and forgets them on sign-out', () => {
    store().conversationsLoaded([makeConversation({ last_change: 5 })])
    store().changeCursorsSynced({ c1: 7 })
    store().conversationsLoaded([makeConversation({ last_change: 20 })])
    expect(store().changeCursors).toEqual({ c1: 7 })
    store().actionQueued({ kind: 'delete', messageId: 'm1', conversationId: 'c1' })
    store().signedOut()
    expect(store().changeCursors).toEqual({})
    expect(store().actions).toEqual({})
  })
})
