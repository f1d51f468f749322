import { describe, expect, it } from 'vitest'
import { insertMention, mentionAt, mentionCandidates, splitMentions } from '../mentions'

const people = new Map([
  ['ann', false],
  ['me.too', true],
])

describe('splitMentions', () => {
  it('marks the @names of people it knows, ours apart, and leaves the rest as text', () => {
    expect(splitMentions('Hi @Ann and @me.too. Not @nobody or a@ann', people)).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'mention', text: '@Ann', self: false },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@me.too', self: true },
      { kind: 'text', text: '. Not @nobody or a@ann' },
    ])
    expect(splitMentions('@all look', people)[0]).toEqual({ kind: 'mention', text: '@all', self: false })
    expect(splitMentions('no names', people)).toEqual([{ kind: 'text', text: 'no names' }])
  })
})

describe('mention autocomplete', () => {
  it('finds the @name being typed before the caret', () => {
    expect(mentionAt('hello @an', 9)).toEqual({ start: 6, query: 'an' })
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' })
    expect(mentionAt('mail a@an', 9)).toBeNull()
    expect(mentionAt('hello @ann done', 15)).toBeNull()
  })

  it('offers people by username or a word of their name, usernames first', () => {
    const members = [
      { username: 'bob', full_name: 'Bob Stone' },
      { username: 'cat', full_name: 'Cat Bolt' },
      { username: 'ann', full_name: 'Ann Lee' },
    ]
    expect(mentionCandidates(members, 'bo').map((p) => p.username)).toEqual(['bob', 'cat'])
    expect(mentionCandidates(members, '').map((p) => p.username)).toEqual(['ann', 'bob', 'cat'])
    expect(mentionCandidates(members, 'x')).toEqual([])
  })

  it('puts the chosen username in place of what was typed, with a space after it', () => {
    expect(insertMention('hi @an', 3, 6, 'ann')).toEqual({ text: 'hi @ann ', caret: 8 })
    expect(insertMention('hi @an there', 3, 6, 'ann')).toEqual({ text: 'hi @ann there', caret: 8 })
  })
})
