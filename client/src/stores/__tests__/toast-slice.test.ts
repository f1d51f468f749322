import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TOAST_TTL_MS } from '../../config/constants'
import { useChatStore } from '../chat-store'
import { MAX_TOASTS } from '../toast-slice'

const store = () => useChatStore.getState()
const texts = () => store().toasts.map((t) => t.text)

beforeEach(() => {
  vi.useFakeTimers()
  store().clearToasts()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('toasts', () => {
  it('go away by themselves, or when dismissed', () => {
    store().pushToast('Blocked Bob.', 'success')
    store().pushToast('Search failed.')
    expect(store().toasts.map((t) => [t.text, t.kind])).toEqual([
      ['Blocked Bob.', 'success'],
      ['Search failed.', 'error'],
    ])
    store().dismissToast(store().toasts[0]!.id)
    expect(texts()).toEqual(['Search failed.'])
    vi.advanceTimersByTime(TOAST_TTL_MS)
    expect(texts()).toEqual([])
  })

  it('show the same text once, and only the newest few', () => {
    store().pushToast('Message not sent: offline')
    store().pushToast('Message not sent: offline')
    expect(texts()).toEqual(['Message not sent: offline'])
    for (let i = 0; i < MAX_TOASTS + 2; i++) store().pushToast(`toast ${i}`)
    expect(texts()).toHaveLength(MAX_TOASTS)
    expect(texts().at(-1)).toBe(`toast ${MAX_TOASTS + 1}`)
  })

  it('are all cleared at once, and a late timer of a cleared toast changes nothing', () => {
    store().pushToast('Wrong username or password')
    store().clearToasts()
    expect(texts()).toEqual([])
    vi.advanceTimersByTime(TOAST_TTL_MS / 2)
    store().pushToast('Blocked Bob.', 'success')
    const before = store().toasts
    vi.advanceTimersByTime(TOAST_TTL_MS / 2) // the first toast's timer fires now
    expect(store().toasts).toBe(before)
    vi.advanceTimersByTime(TOAST_TTL_MS / 2)
    expect(texts()).toEqual([])
  })
})
