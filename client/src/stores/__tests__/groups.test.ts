import { beforeEach, describe, expect, it } from 'vitest'
import { normalizeConversation } from '../../features/conversations/api/conversations-api'
import {
  bob,
  cat,
  makeGroup,
  makeMessage as msg,
  makeSystemMessage as sys,
  me,
} from '../../testing/factories'
import { useChatStore } from '../chat-store'
import { applyMessages } from '../merge'

const store = () => useChatStore.getState()
const group = () => store().conversations.find((c) => c.id === 'g1')

beforeEach(() => {
  store().signedOut()
  store().signedIn(me)
})

describe('group receipts', () => {
  beforeEach(() => {
    store().conversationsLoaded([makeGroup({ last_seq: 9, read_seq: 5, unread: 3 })])
  })

  it('take how far every other member got from all_seq, whoever moved last', () => {
    store().deliveredReceived({ conversation_id: 'g1', user_id: bob.id, seq: 8, all_seq: 6 })
    expect(group()).toMatchObject({ peer_delivered_seq: 6, peer_read_seq: 0 })
    store().readReceived({ conversation_id: 'g1', user_id: cat.id, seq: 8, all_seq: 4 })
    expect(group()).toMatchObject({ peer_delivered_seq: 6, peer_read_seq: 4 })
    store().readReceived({ conversation_id: 'g1', user_id: bob.id, seq: 9, all_seq: 8 })
    expect(group()).toMatchObject({ peer_delivered_seq: 8, peer_read_seq: 8 })
    // A coalesced receipt may name us as the latest mover: still the others' cursors.
    store().deliveredReceived({ conversation_id: 'g1', user_id: me.id, seq: 9, all_seq: 9 })
    expect(group()).toMatchObject({ peer_delivered_seq: 9, read_seq: 5, unread: 3 })
  })

  it('never move back, and a receipt without all_seq tells nothing about a group', () => {
    store().deliveredReceived({ conversation_id: 'g1', user_id: bob.id, seq: 7, all_seq: 7 })
    store().deliveredReceived({ conversation_id: 'g1', user_id: cat.id, seq: 9, all_seq: 5 })
    store().deliveredReceived({ conversation_id: 'g1', user_id: cat.id, seq: 9 })
    expect(group()).toMatchObject({ peer_delivered_seq: 7 })
  })

  it('clear our badge when another tab of ours read (the event with unread)', () => {
    store().readReceived({ conversation_id: 'g1', user_id: me.id, seq: 9, unread: 0 })
    expect(group()).toMatchObject({ read_seq: 9, unread: 0, peer_read_seq: 0 })
  })
})

describe('group messages in the list', () => {
  it('count text from others as unread, never a system message', () => {
    const list = [makeGroup({ last_seq: 2, read_seq: 2 })]
    const after = applyMessages(
      list,
      [
        sys(3, { target_ids: [cat.id] }),
        msg(4, { conversation_id: 'g1' }),
        msg(5, { conversation_id: 'g1', sender_id: cat.id }),
      ],
      me.id,
    ).list
    expect(after[0]).toMatchObject({ last_seq: 5, unread: 2, read_seq: 2 })
  })

  it('end the typing of whoever wrote', () => {
    store().conversationsLoaded([makeGroup()])
    store().typingReceived('g1', bob.id)
    store().typingReceived('g1', cat.id)
    store().messageReceived(msg(1, { conversation_id: 'g1' }))
    expect(store().typing.g1).toEqual([cat.id])
  })
})

describe('normalizeConversation', () => {
  it('reads a group: title, members with roles, my role, former members', () => {
    const c = normalizeConversation({
      id: 'g1',
      kind: 'group',
      title: 'Trip',
      my_role: 'admin',
      members: [
        { user: me, role: 'admin' },
        { user: bob, role: 'owner' },
        { user: null, role: 'member' }, // an account that is gone
      ],
      former_members: [cat],
      left: false,
    })
    expect(c).toMatchObject({
      kind: 'group',
      title: 'Trip',
      my_role: 'admin',
      members: [
        { user: me, role: 'admin' },
        { user: bob, role: 'owner' },
      ],
      former_members: [cat],
      left: false,
      unread: 0,
    })
  })

  it('reads a former member: left, no role', () => {
    const c = normalizeConversation({ id: 'g1', kind: 'group', title: 'Trip', left: true, my_role: null })
    expect(c).toMatchObject({ left: true, my_role: null, members: [], former_members: [] })
  })

  it('reads an older server’s conversation as direct, and one whose other member is gone', () => {
    expect(normalizeConversation({ id: 'c1', other: bob })).toMatchObject({ kind: 'direct', left: false })
    expect(normalizeConversation({ id: 'c2', kind: 'direct', other: null })).toMatchObject({
      kind: 'direct',
      other: { full_name: 'Unknown user' },
    })
  })
})
