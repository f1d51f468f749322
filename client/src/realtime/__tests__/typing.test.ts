import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { typingLabel } from '../../lib/group-text'
import { useChatStore } from '../../stores/chat-store'
import { bob, cat, makeConversation, makeGroup, makeSettings, me } from '../../testing/factories'
import type { TypingAck } from '../../types/api'
import { createTypingNotifier } from '../typing'

const store = () => useChatStore.getState()

beforeEach(() => {
  vi.useFakeTimers({ now: 0 })
  store().signedOut()
  store().signedIn(me)
  store().conversationsLoaded([
    makeConversation({ blocked: true }),
    makeGroup(),
    makeGroup({ id: 'g-left', left: true, my_role: null }),
  ])
  store().settingsLoaded(makeSettings())
})

afterEach(() => {
  vi.useRealTimers()
})

describe('who is typing', () => {
  it('shows someone for 6 s after their last typing event', async () => {
    store().typingReceived('g1', bob.id)
    await vi.advanceTimersByTimeAsync(4000)
    store().typingReceived('g1', bob.id) // still typing: the 6 s start again
    await vi.advanceTimersByTimeAsync(5900)
    expect(store().typing.g1).toEqual([bob.id])
    await vi.advanceTimersByTimeAsync(100)
    expect(store().typing.g1).toBeUndefined()
  })

  it('keeps each person on their own clock, and never shows oneself', async () => {
    store().typingReceived('g1', bob.id)
    await vi.advanceTimersByTimeAsync(3000)
    store().typingReceived('g1', cat.id)
    store().typingReceived('g1', me.id)
    expect(store().typing.g1).toEqual([bob.id, cat.id])
    await vi.advanceTimersByTimeAsync(3000)
    expect(store().typing.g1).toEqual([cat.id])
  })

  it('is forgotten on sign-out', () => {
    store().typingReceived('g1', bob.id)
    store().signedOut()
    expect(store().typing).toEqual({})
  })

  it('reads "Ann is typing…", "Ann and Bob are typing…", "Several people are typing…"', () => {
    expect(typingLabel([])).toBe('')
    expect(typingLabel(['Ann'])).toBe('Ann is typing…')
    expect(typingLabel(['Ann', 'Bob'])).toBe('Ann and Bob are typing…')
    expect(typingLabel(['Ann', 'Bob', 'Cat'])).toBe('Several people are typing…')
  })
})

describe('telling others we type', () => {
  function fake(answer: TypingAck = { ok: true, sent: true }) {
    const sent: [number, string][] = []
    const notifier = createTypingNotifier({
      isConnected: () => true,
      send: ({ conversation_id }) => {
        sent.push([Date.now(), conversation_id])
        return Promise.resolve(answer)
      },
    })
    return { sent, notifier }
  }

  it('sends at most one typing every 3 s per conversation, and again at once after a send', async () => {
    const { sent, notifier } = fake()
    for (let i = 0; i < 8; i++) {
      notifier.userTyped('g1')
      await vi.advanceTimersByTimeAsync(500)
    }
    expect(sent).toEqual([
      [0, 'g1'],
      [3000, 'g1'],
    ])
    notifier.messageSent('g1')
    notifier.userTyped('g1')
    expect(sent.at(-1)).toEqual([4000, 'g1'])
  })

  it('sends nothing while "Send my typing indicator" is off or not known yet', () => {
    const { sent, notifier } = fake()
    store().settingsLoaded(makeSettings({ share_typing: false }))
    notifier.userTyped('g1')
    store().signedOut()
    store().signedIn(me)
    store().conversationsLoaded([makeGroup()])
    notifier.userTyped('g1') // settings not loaded
    expect(sent).toEqual([])
  })

  it('sends nothing where we cannot write: a group we left, a blocked person, an unknown conversation', () => {
    const { sent, notifier } = fake()
    notifier.userTyped('g-left')
    notifier.userTyped('c1')
    notifier.userTyped('nowhere')
    expect(sent).toEqual([])
  })

  it('stops when the server says the setting was switched off elsewhere', async () => {
    const { sent, notifier } = fake({ ok: true, sent: false })
    notifier.userTyped('g1')
    await vi.advanceTimersByTimeAsync(5000)
    notifier.userTyped('g1')
    expect(sent).toHaveLength(1)
    expect(store().settings?.share_typing).toBe(false)
  })
})
