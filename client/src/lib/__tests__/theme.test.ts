import { afterEach, describe, expect, it } from 'vitest'
import {
  getTheme,
  getThemeChoice,
  parseChoice,
  setThemeChoice,
  startTheme,
  subscribeTheme,
  THEME_KEY,
  type ThemeHost,
} from '../theme'

function fakeHost(saved: string | null, systemDark: boolean) {
  const stored = new Map<string, string>(saved === null ? [] : [[THEME_KEY, saved]])
  const changeListeners = new Set<() => void>()
  const attributes = new Map<string, string>()
  const query = {
    matches: systemDark,
    addEventListener: (_: string, l: () => void) => changeListeners.add(l),
    removeEventListener: (_: string, l: () => void) => changeListeners.delete(l),
  }
  const host = {
    storage: {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => stored.set(k, v),
    },
    root: { setAttribute: (k: string, v: string) => attributes.set(k, v) },
    darkQuery: query,
  } as unknown as ThemeHost
  return {
    host,
    stored,
    theme: () => attributes.get('data-theme'),
    systemTurns(dark: boolean) {
      query.matches = dark
      changeListeners.forEach((l) => l())
    },
  }
}

let stop: (() => void) | undefined
afterEach(() => stop?.())

describe('theme', () => {
  it('reads a saved choice and ignores anything else', () => {
    expect(['light', 'dark', 'system', 'purple', null].map(parseChoice)).toEqual([
      'light',
      'dark',
      'system',
      'system',
      'system',
    ])
  })

  it('applies the saved choice on start and remembers a new one', () => {
    const fake = fakeHost('dark', false)
    stop = startTheme(fake.host)
    expect(fake.theme()).toBe('dark')
    expect(getThemeChoice()).toBe('dark')
    setThemeChoice('light')
    expect(fake.theme()).toBe('light')
    expect(fake.stored.get(THEME_KEY)).toBe('light')
  })

  it('follows the system live while system is chosen, and only then', () => {
    const fake = fakeHost(null, false)
    stop = startTheme(fake.host)
    let notified = 0
    const unsubscribe = subscribeTheme(() => notified++)
    expect([getThemeChoice(), fake.theme()]).toEqual(['system', 'light'])
    fake.systemTurns(true)
    expect([fake.theme(), getTheme()]).toEqual(['dark', 'dark'])
    expect(notified).toBe(1)
    setThemeChoice('light')
    fake.systemTurns(false)
    fake.systemTurns(true)
    expect(fake.theme()).toBe('light')
    unsubscribe()
  })

  it('still works when storage is disabled', () => {
    const fake = fakeHost(null, true)
    fake.host.storage.getItem = () => {
      throw new Error('SecurityError')
    }
    fake.host.storage.setItem = () => {
      throw new Error('SecurityError')
    }
    stop = startTheme(fake.host)
    expect(fake.theme()).toBe('dark')
    setThemeChoice('light')
    expect(fake.theme()).toBe('light')
  })
})
