import { beforeEach, describe, expect, it } from 'vitest'
import { me } from '../../testing/factories'
import { useChatStore } from '../chat-store'
import { editable } from '../message-changes'

const store = () => useChatStore.getState()
const MINUTE = 60_000
const sentAt = Date.parse('2026-01-01T12:00:00Z')
const message = { created_at: '2026-01-01T12:00:00Z' }
const editableAfter = (minutes: number) => editable(message, sentAt + minutes * MINUTE, store().editWindowMs)

beforeEach(() => {
  store().signedOut()
  store().signedIn(me)
})

describe('the edit window', () => {
  it('is the server default (60 minutes) until the rules are known', () => {
    expect(editableAfter(59)).toBe(true)
    expect(editableAfter(61)).toBe(false)
  })

  it('follows the server: a shorter window hides Edit sooner, 0 never does', () => {
    store().messageRulesLoaded({ edit_window_minutes: 15 })
    expect(editableAfter(14)).toBe(true)
    expect(editableAfter(16)).toBe(false)
    store().messageRulesLoaded({ edit_window_minutes: 0 })
    expect(editableAfter(60 * 24 * 365)).toBe(true)
  })

  it('goes back to the default when the user signs out', () => {
    store().messageRulesLoaded({ edit_window_minutes: 0 })
    store().signedOut()
    expect(editableAfter(61)).toBe(false)
  })
})
