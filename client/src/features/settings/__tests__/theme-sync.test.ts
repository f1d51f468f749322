import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getThemeChoice, setThemeChoice, startTheme, THEME_KEY, type ThemeHost } from '../../../lib/theme'
import { useChatStore } from '../../../stores/chat-store'
import { makeSettings, me, memoryStorage } from '../../../testing/factories'
import type { UserSettings } from '../../../types/api'
import { updateSettings } from '../api/settings-api'
import { startThemeSync } from '../api/theme-sync'

vi.mock('../api/settings-api', () => ({ updateSettings: vi.fn() }))
const save = vi.mocked(updateSettings)

const local = memoryStorage()
const store = () => useChatStore.getState()
const fromServer = (over: Partial<UserSettings>) => store().settingsLoaded(makeSettings(over))

beforeAll(() => {
  vi.stubGlobal('window', { localStorage: local })
  const host = {
    storage: local,
    root: { setAttribute: () => {} },
    darkQuery: { matches: false, addEventListener: () => {}, removeEventListener: () => {} },
  } as unknown as ThemeHost
  startTheme(host)
  startThemeSync()
})

beforeEach(() => {
  save.mockReset()
  save.mockResolvedValue(makeSettings())
  store().signedOut()
  local.data.clear()
  setThemeChoice('system')
  local.data.clear()
  save.mockClear()
})

describe('theme sync', () => {
  it('takes the account’s theme after sign-in, and remembers it for the first paint', () => {
    store().signedIn(me)
    fromServer({ theme: 'dark' })
    expect(getThemeChoice()).toBe('dark')
    expect(local.getItem(THEME_KEY)).toBe('dark')
    expect(save).not.toHaveBeenCalled()
  })

  it('saves a choice made while signed in to the account', () => {
    store().signedIn(me)
    fromServer({ theme: 'system' })
    setThemeChoice('light')
    expect(save).toHaveBeenCalledWith({ theme: 'light' })
    fromServer({ theme: 'light' }) // the server's answer
    fromServer({ theme: 'dark' }) // changed on another device later
    expect(getThemeChoice()).toBe('dark')
  })

  it('keeps a choice the server has not taken yet, and sends it again', () => {
    setThemeChoice('dark') // signed out (the sign-in page): nothing to save to yet
    expect(save).not.toHaveBeenCalled()
    store().signedIn(me)
    fromServer({ theme: 'system' })
    expect(getThemeChoice()).toBe('dark')
    expect(save).toHaveBeenCalledWith({ theme: 'dark' })
  })

  it('tries again after a failed save', async () => {
    store().signedIn(me)
    fromServer({ theme: 'system' })
    save.mockRejectedValueOnce(new Error('offline'))
    setThemeChoice('dark')
    await Promise.resolve()
    save.mockClear()
    fromServer({ theme: 'system', sound: false }) // the next load, on reconnect
    expect(getThemeChoice()).toBe('dark')
    expect(save).toHaveBeenCalledWith({ theme: 'dark' })
  })

  it('forgets an unsaved choice at sign-out: the next account keeps its own theme', () => {
    store().signedIn(me)
    fromServer({ theme: 'system' })
    save.mockRejectedValueOnce(new Error('offline'))
    setThemeChoice('dark')
    store().signedOut()
    store().signedIn({ ...me, id: 'u-other' })
    save.mockClear()
    fromServer({ theme: 'light' })
    expect(getThemeChoice()).toBe('light')
    expect(save).not.toHaveBeenCalled()
  })
})
