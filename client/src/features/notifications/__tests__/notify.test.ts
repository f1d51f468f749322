import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useChatStore } from '../../../stores/chat-store'
import {
  makeConversation,
  makeGroup,
  makeMessage,
  makeSettings,
  me,
  memoryStorage,
} from '../../../testing/factories'
import type { Message } from '../../../types/api'
import { alertNewMessage, HIDDEN_TAB_WAIT_MS, startNotifications } from '../notify'

/** What the page's browser APIs saw. */
class FakeNotification {
  static permission: NotificationPermission = 'granted'
  static made: FakeNotification[] = []
  onclick: (() => void) | null = null
  onclose: (() => void) | null = null
  closed = false
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.made.push(this)
  }
  close() {
    this.closed = true
    this.onclose?.()
  }
}

let oscillators = 0
class FakeAudioContext {
  currentTime = 0
  destination = {}
  resume = () => Promise.resolve()
  suspend = () => Promise.resolve()
  createOscillator() {
    oscillators++
    return { frequency: {}, connect: (node: unknown) => node, start() {}, stop() {} }
  }
  createGain() {
    const ramp = () => {}
    return {
      gain: { setValueAtTime: ramp, linearRampToValueAtTime: ramp, exponentialRampToValueAtTime: ramp },
      connect: (node: unknown) => node,
    }
  }
}

const page = {
  visibilityState: 'hidden' as DocumentVisibilityState,
  listeners: [] as (() => void)[],
  addEventListener(_: string, listener: () => void) {
    this.listeners.push(listener)
  },
}
const location = { pathname: '/', search: '' }
const focus = vi.fn()

const store = () => useChatStore.getState()

/** A message reaching this tab; a hidden one alerts after its short wait. */
function arrives(...messages: Message[]): void {
  messages.forEach(alertNewMessage)
  vi.advanceTimersByTime(HIDDEN_TAB_WAIT_MS)
}

beforeEach(() => {
  vi.useFakeTimers()
  FakeNotification.made = []
  FakeNotification.permission = 'granted'
  oscillators = 0
  page.visibilityState = 'hidden'
  location.pathname = '/'
  vi.stubGlobal('Notification', FakeNotification)
  vi.stubGlobal('AudioContext', FakeAudioContext)
  vi.stubGlobal('navigator', { userActivation: { hasBeenActive: true } })
  vi.stubGlobal('document', page)
  vi.stubGlobal('window', {
    localStorage: memoryStorage(),
    focus,
    location,
    history: {
      state: null,
      pushState: (_: unknown, __: string, path: string) => (location.pathname = path),
      replaceState: () => {},
    },
  })
  store().signedOut()
  store().signedIn(me)
  store().conversationsLoaded([makeConversation(), makeGroup({ muted: true })])
  store().settingsLoaded(makeSettings())
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('alertNewMessage', () => {
  it('shows a notification and chimes in a hidden tab; a click opens the conversation', () => {
    alertNewMessage(makeMessage(1, { text: 'Are you there?' }))
    expect(FakeNotification.made).toHaveLength(0) // first, a moment for a visible tab to claim it
    vi.advanceTimersByTime(HIDDEN_TAB_WAIT_MS)
    expect(FakeNotification.made).toHaveLength(1)
    const [shown] = FakeNotification.made
    expect(shown?.title).toBe('bob Test')
    expect(shown?.options).toMatchObject({ body: 'Are you there?', tag: 'conversation-c1', silent: true })
    expect(oscillators).toBeGreaterThan(0)

    shown?.onclick?.()
    expect(focus).toHaveBeenCalled()
    expect(location.pathname).toBe('/c/c1')
    expect(shown?.closed).toBe(true)
  })

  it('raises nothing in a visible tab, nor for a muted group without a mention', () => {
    page.visibilityState = 'visible'
    arrives(makeMessage(1))
    page.visibilityState = 'hidden'
    arrives(makeMessage(2, { conversation_id: 'g1' }))
    expect(FakeNotification.made).toHaveLength(0)
    expect(oscillators).toBe(0)

    arrives(makeMessage(3, { conversation_id: 'g1', mentions: [me.id] }))
    expect(FakeNotification.made.map((n) => n.title)).toEqual(['Trip'])
  })

  it('alerts once for a message that reaches two hidden tabs', () => {
    arrives(makeMessage(1), makeMessage(1))
    expect(FakeNotification.made).toHaveLength(1)
  })

  it('stays quiet in a hidden tab for a message another tab shows', () => {
    page.visibilityState = 'visible' // the other window, on screen
    alertNewMessage(makeMessage(1))
    page.visibilityState = 'hidden' // this one, behind
    arrives(makeMessage(1))
    expect(FakeNotification.made).toHaveLength(0)
    expect(oscillators).toBe(0)
  })

  it('raises nothing when the user came back during the wait', () => {
    alertNewMessage(makeMessage(1))
    page.visibilityState = 'visible'
    vi.advanceTimersByTime(HIDDEN_TAB_WAIT_MS)
    expect(FakeNotification.made).toHaveLength(0)
  })

  it('chimes without a notification when the browser has not allowed them', () => {
    FakeNotification.permission = 'default'
    arrives(makeMessage(1))
    expect(FakeNotification.made).toHaveLength(0)
    expect(oscillators).toBeGreaterThan(0)
  })

  it('closes what it showed when the user comes back to the tab', () => {
    startNotifications()
    arrives(makeMessage(1))
    page.visibilityState = 'visible'
    page.listeners.forEach((l) => l())
    expect(FakeNotification.made[0]?.closed).toBe(true)
  })
})
