import { beforeEach, describe, expect, it } from 'vitest'
import { bob, me } from '../../testing/factories'
import { useChatStore } from '../chat-store'

const store = () => useChatStore.getState()

beforeEach(() => {
  store().signedOut()
  store().signedIn(me)
})

describe('presence', () => {
  it('keeps when a contact went offline, and forgets nothing when they come back', () => {
    store().onlineUsersReceived([bob.id])
    store().presenceChanged(bob.id, false, '2026-12-05T10:00:00.000Z')
    expect(store().online.has(bob.id)).toBe(false)
    expect(store().lastSeen[bob.id]).toBe('2026-12-05T10:00:00.000Z')
    store().presenceChanged(bob.id, true)
    expect(store().online.has(bob.id)).toBe(true)
    expect(store().lastSeen[bob.id]).toBe('2026-12-05T10:00:00.000Z')
  })

  it('changes nothing for a repeated event', () => {
    store().presenceChanged(bob.id, true)
    const before = useChatStore.getState()
    store().presenceChanged(bob.id, true)
    expect(useChatStore.getState().online).toBe(before.online)
  })
})
