import { beforeEach, describe, expect, it } from 'vitest'
import { normalizeConversation } from '../../features/conversations/api/conversations-api'
import { bob, cat, makeConversation, makeGroup, me } from '../../testing/factories'
import type { DirectConversation, GroupConversation } from '../../types/api'
import { useChatStore } from '../chat-store'
import { selectUnreadTotal } from '../selectors'

const store = () => useChatStore.getState()

beforeEach(() => {
  store().signedOut()
  store().signedIn(me)
})

describe('muted conversations', () => {
  it('leave the tab title’s total but for the messages that name us', () => {
    store().conversationsLoaded([
      makeConversation({ unread: 3 }),
      makeGroup({ muted: true, unread: 5, unread_mentions: 1 }),
    ])
    expect(selectUnreadTotal(store())).toBe(4)
    store().mutedChanged('g1', false)
    expect(selectUnreadTotal(store())).toBe(8)
    store().mutedChanged('c1', true)
    expect(selectUnreadTotal(store())).toBe(5)
  })

  it('are read from the server (absent on an older one: not muted)', () => {
    expect(normalizeConversation({ id: 'c1', kind: 'group', muted: true }).muted).toBe(true)
    expect(normalizeConversation({ id: 'c1', kind: 'direct' }).muted).toBe(false)
  })

  it('keep their mute across a list reload', () => {
    store().conversationsLoaded([makeConversation({ muted: true })])
    store().conversationsLoaded([makeConversation({ muted: true, unread: 1 })])
    expect(store().conversations[0]?.muted).toBe(true)
  })
})

describe('userUpdated', () => {
  it('renames a contact wherever they show, and leaves the others alone', () => {
    const untouched = makeConversation({ id: 'c2', other: { ...cat, last_seen_at: null } })
    store().conversationsLoaded([makeConversation(), untouched, makeGroup()])
    store().userUpdated({ ...bob, full_name: 'Robert Stone' })
    const [direct] = store().conversations.filter((c): c is DirectConversation => c.id === 'c1')
    const [group] = store().conversations.filter((c): c is GroupConversation => c.kind === 'group')
    expect(direct?.other.full_name).toBe('Robert Stone')
    expect(direct?.other.last_seen_at).toBeNull()
    expect(group?.members.find((m) => m.user.id === bob.id)?.user.full_name).toBe('Robert Stone')
    expect(store().conversations.find((c) => c.id === 'c2')).toBe(untouched)
    expect(store().user?.full_name).toBe(me.full_name)
  })

  it('renames us (a change made in another tab)', () => {
    store().conversationsLoaded([makeGroup()])
    store().userUpdated({ ...me, full_name: 'Me Renamed' })
    expect(store().user?.full_name).toBe('Me Renamed')
  })
})
