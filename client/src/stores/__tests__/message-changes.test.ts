import { describe, expect, it } from 'vitest'
import { bob, cat, makeConversation, makeMessage as msg, me } from '../../testing/factories'
import {
  advancedCursors,
  applyChanged,
  startCursors,
  toggledReaction,
  withPendingActions,
  withReaction,
  type PendingAction,
} from '../message-changes'

const reaction = (over: Partial<Parameters<typeof withReaction>[1]> = {}) => ({
  conversation_id: 'c1',
  message_id: 'm1',
  emoji: '👍',
  user_id: bob.id,
  on: true,
  change_seq: 5,
  ...over,
})

describe('applyChanged', () => {
  it('replaces the held copy whole, unless the held one is newer', () => {
    const held = [msg(1, { change_seq: 2 }), msg(2, { change_seq: 7 })]
    const next = applyChanged(held, [
      msg(1, { text: 'edited', edited_at: '2025-01-01T13:00:00Z', change_seq: 8 }),
      msg(2, { text: 'stale', change_seq: 6 }),
    ])
    expect(next.map((m) => m.text)).toEqual(['edited', 'hello 2'])
    expect(next[0]?.edited_at).toBe('2025-01-01T13:00:00Z')
  })

  it('returns the same array when nothing it holds changed', () => {
    const held = [msg(1)]
    expect(applyChanged(held, [msg(9, { change_seq: 3 })])).toBe(held)
  })

  it('makes replies quote the new text, or nothing once the answered message is deleted', () => {
    const quote = { id: 'm1', seq: 1, sender_id: bob.id, excerpt: 'hello 1' }
    const held = [msg(1), msg(2, { sender_id: me.id, reply_to: quote })]
    const edited = applyChanged(held, [msg(1, { text: 'x'.repeat(150), change_seq: 1 })])
    expect(edited[1]?.reply_to?.excerpt).toBe('x'.repeat(100))
    const deleted = applyChanged(edited, [msg(1, { text: null, deleted: true, change_seq: 2 })])
    expect(deleted[0]?.deleted).toBe(true)
    expect(deleted[1]?.reply_to).toEqual({ ...quote, excerpt: null })
  })
})

describe('reactions', () => {
  it('adds and removes one person, counting and dropping an emoji nobody uses any more', () => {
    const one = toggledReaction([], '👍', bob.id, true)
    expect(one).toEqual([{ emoji: '👍', count: 1, user_ids: [bob.id] }])
    const two = toggledReaction(one, '👍', me.id, true)
    expect(two).toEqual([{ emoji: '👍', count: 2, user_ids: [bob.id, me.id] }])
    expect(toggledReaction(two, '👍', me.id, true)).toBe(two) // the same reaction twice is one
    expect(toggledReaction(toggledReaction(two, '👍', bob.id, false), '👍', me.id, false)).toEqual([])
  })

  it('applies a reaction event once, never over a newer copy, never to a deleted message', () => {
    const m = msg(1, { change_seq: 4, reactions: [] })
    const after = withReaction(m, reaction())
    expect(after.reactions).toEqual([{ emoji: '👍', count: 1, user_ids: [bob.id] }])
    expect(after.change_seq).toBe(5)
    expect(withReaction(after, reaction())).toBe(after)
    expect(withReaction(after, reaction({ on: false, change_seq: 3 }))).toBe(after)
    const gone = msg(1, { deleted: true, text: null, change_seq: 1 })
    expect(withReaction(gone, reaction())).toBe(gone)
  })
})

describe('withPendingActions', () => {
  const action = (over: Partial<PendingAction> & Pick<PendingAction, 'kind'>): PendingAction =>
    ({
      id: 'a',
      messageId: 'm1',
      conversationId: 'c1',
      at: '2025-01-02T00:00:00Z',
      order: 1,
      attempts: 0,
      ...over,
    }) as PendingAction

  it('shows our edits, reactions and deletion before the server has them, in order', () => {
    const m = msg(1, { sender_id: me.id, reactions: [{ emoji: '❤️', count: 1, user_ids: [cat.id] }] })
    const shown = withPendingActions(
      m,
      [
        action({ kind: 'edit', text: 'better' }),
        action({ kind: 'react', emoji: '❤️', on: true }),
        action({ kind: 'react', emoji: '👍', on: true }),
        action({ kind: 'react', emoji: '👍', on: false }),
      ],
      me.id,
    )
    expect(shown).toMatchObject({ text: 'better', edited_at: '2025-01-02T00:00:00Z' })
    expect(shown.reactions).toEqual([{ emoji: '❤️', count: 2, user_ids: [cat.id, me.id] }])
    const deleted = withPendingActions(m, [action({ kind: 'delete' })], me.id)
    expect(deleted).toMatchObject({ deleted: true, text: null, reactions: [] })
    expect(withPendingActions(m, [action({ kind: 'edit', messageId: 'm2', text: 'no' })], me.id)).toBe(m)
  })
})

describe('change cursors', () => {
  it('start at last_change for a conversation first seen, and are never reset by a later list', () => {
    const c = makeConversation({ last_change: 12 })
    const first = startCursors({}, [c], () => undefined)
    expect(first).toEqual({ c1: 12 })
    expect(startCursors(first, [{ ...c, last_change: 30 }], () => undefined)).toBe(first)
  })

  it('start at the newest change held when the messages were fetched before the conversation', () => {
    const held = [msg(1, { change_seq: 3 }), msg(2, { change_seq: 9 })]
    expect(startCursors({}, [makeConversation({ last_change: 40 })], () => held)).toEqual({ c1: 9 })
  })

  it('move with live changes only to the very next number', () => {
    const cursors = { c1: 4 }
    const next = advancedCursors(cursors, [
      { conversationId: 'c1', changeSeq: 6 },
      { conversationId: 'c1', changeSeq: 5 },
    ])
    expect(next).toEqual({ c1: 6 })
    expect(advancedCursors(next, [{ conversationId: 'c1', changeSeq: 8 }])).toBe(next)
    expect(advancedCursors(next, [{ conversationId: 'c2', changeSeq: 1 }])).toBe(next)
  })
})
