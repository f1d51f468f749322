import { describe, expect, it } from 'vitest'
import {
  bob,
  cat,
  makeConversation,
  makeGroup,
  makeMessage as msg,
  makeSystemMessage as sys,
  makeUser,
  me,
} from '../../testing/factories'
import { departure, previewText, systemNote } from '../group-text'

const dan = makeUser('dan')
const group = makeGroup({ former_members: [dan] })

describe('systemNote', () => {
  it('names everyone from the members and former members, "You" for oneself', () => {
    const note = (over: Parameters<typeof sys>[1]) => systemNote(sys(1, over), group, me.id)
    expect(note({ event: 'group_created', sender_id: me.id, actor_id: me.id, text: 'Trip' })).toBe(
      'You created the group “Trip”',
    )
    expect(note({ event: 'member_added', target_ids: [cat.id, dan.id] })).toBe(
      'bob Test added cat Test and dan Test',
    )
    expect(note({ event: 'member_added', target_ids: [me.id] })).toBe('bob Test added you')
    expect(note({ event: 'member_removed', target_ids: [dan.id] })).toBe('bob Test removed dan Test')
    expect(note({ event: 'member_left', actor_id: dan.id, sender_id: dan.id, target_ids: [dan.id] })).toBe(
      'dan Test left',
    )
    expect(note({ event: 'title_changed', text: 'Trip 2' })).toBe('bob Test renamed the group to “Trip 2”')
    expect(note({ event: 'role_changed', target_ids: [cat.id], text: 'admin' })).toBe(
      'bob Test made cat Test an admin',
    )
    expect(
      note({ event: 'role_changed', sender_id: me.id, actor_id: me.id, target_ids: [bob.id], text: 'owner' }),
    ).toBe('You made bob Test an owner')
    expect(note({ event: 'member_added', target_ids: ['u-stranger'] })).toBe('bob Test added someone')
  })
})

describe('previewText', () => {
  it('reads "Bob: text" in a group, "You: text" for ours, a note for a system message', () => {
    const last = (m: ReturnType<typeof msg>) => previewText(makeGroup({}, m), me.id)
    expect(last(msg(1, { conversation_id: 'g1', text: 'see you' }))).toBe('bob: see you')
    expect(last(msg(1, { conversation_id: 'g1', sender_id: me.id, text: 'ok' }))).toBe('You: ok')
    expect(last(sys(1, { event: 'member_left', actor_id: cat.id, target_ids: [cat.id] }))).toBe(
      'cat Test left',
    )
    expect(previewText(makeConversation({}, msg(1, { text: 'hi' })), me.id)).toBe('hi')
    expect(previewText(makeGroup(), me.id)).toBe('No messages yet')
  })

  it('says "Attachment" for files sent without text', () => {
    expect(previewText(makeConversation({}, msg(1, { text: '' })), me.id)).toBe('Attachment')
    expect(previewText(makeConversation({}, msg(1, { text: '', sender_id: me.id })), me.id)).toBe(
      'You: Attachment',
    )
  })

  it('says a deleted last message was deleted, not that it is unavailable', () => {
    const gone = msg(1, { text: null, deleted: true })
    expect(previewText(makeConversation({}, gone), me.id)).toBe('This message was deleted')
    expect(previewText(makeConversation({}, { ...gone, sender_id: me.id }), me.id)).toBe(
      'You: This message was deleted',
    )
  })
})

describe('departure', () => {
  it('tells leaving from being removed by the message that ended our membership', () => {
    const left = makeGroup(
      { left: true },
      sys(5, { event: 'member_left', actor_id: me.id, target_ids: [me.id] }),
    )
    const removed = makeGroup({ left: true }, sys(5, { event: 'member_removed', target_ids: [me.id] }))
    expect(departure(left, [], me.id)).toBe('left')
    expect(departure(removed, [], me.id)).toBe('removed')
    // Someone else was removed later than we left: still "left".
    expect(departure(left, [sys(4, { event: 'member_removed', target_ids: [cat.id] })], me.id)).toBe('left')
  })
})
