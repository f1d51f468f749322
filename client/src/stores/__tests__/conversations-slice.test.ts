import { beforeEach, describe, expect, it } from 'vitest'
import { normalizeConversation } from '../../features/conversations/api/conversations-api'
import { bob, makeConversation, makeUser, me } from '../../testing/factories'
import type { DirectConversation } from '../../types/api'
import { useChatStore } from '../chat-store'

const store = () => useChatStore.getState()
const directs = () => store().conversations.filter((c): c is DirectConversation => c.kind === 'direct')
const normalized = (raw: Parameters<typeof normalizeConversation>[0]) =>
  normalizeConversation(raw) as DirectConversation

beforeEach(() => {
  store().signedOut()
  store().signedIn(me)
})

describe('blocking', () => {
  it('flags the conversation with the blocked user, and only that one', () => {
    const cat = makeUser('cat')
    store().conversationsLoaded([
      makeConversation(),
      makeConversation({ id: 'c2', other: { ...cat, last_seen_at: null } }),
    ])
    store().peerBlockChanged(bob.id, true)
    expect(directs().map((c) => [c.other.id, c.blocked])).toEqual([
      [bob.id, true],
      [cat.id, false],
    ])

    const before = store().conversations
    store().peerBlockChanged(bob.id, true) // idempotent
    store().peerBlockChanged('u-nobody', true) // no conversation: nothing to flag
    expect(store().conversations).toBe(before)

    store().peerBlockChanged(bob.id, false)
    expect(directs()[0]?.blocked).toBe(false)
  })

  it('takes blocked from the server, defaulting to false', () => {
    expect(normalized({ id: 'c1', other: bob, blocked: true }).blocked).toBe(true)
    expect(normalized({ id: 'c1', other: bob }).blocked).toBe(false)
  })
})

describe('presence sharing', () => {
  it('follows the server: hidden after a block, shown again after an unblock', () => {
    store().conversationsLoaded([makeConversation()])
    store().presenceSharingChanged(bob.id, false)
    expect(directs()[0]?.presence_shared).toBe(false)
    store().presenceSharingChanged(bob.id, true)
    expect(directs()[0]?.presence_shared).toBe(true)
    const before = store().conversations
    store().presenceSharingChanged('u-nobody', false)
    expect(store().conversations).toBe(before)
  })

  it('treats a conversation from an older server as shared', () => {
    expect(normalized({ id: 'c1', other: bob }).presence_shared).toBe(true)
    expect(normalized({ id: 'c1', other: bob, presence_shared: false }).presence_shared).toBe(false)
  })
})

describe('mention badge', () => {
  it('takes the unread mentions from the read answer, also after a partial read', () => {
    store().conversationsLoaded([makeConversation({ last_seq: 5, unread: 4, unread_mentions: 2 })])
    store().readAcked('c1', 3, 2, 1)
    expect(store().conversations[0]).toMatchObject({ read_seq: 3, unread: 2, unread_mentions: 1 })
    store().readAcked('c1', 4, 1) // an older server: no count, the badge stays until none is unread
    expect(store().conversations[0]?.unread_mentions).toBe(1)
  })
})
