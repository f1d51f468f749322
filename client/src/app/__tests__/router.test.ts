import { describe, expect, it } from 'vitest'
import { parseRoute, paths, safeNext } from '../router'

describe('parseRoute', () => {
  it('names the list, a conversation, a person and the auth pages', () => {
    expect(parseRoute('/')).toEqual({ name: 'list' })
    expect(parseRoute('/c/42')).toEqual({ name: 'conversation', id: '42' })
    expect(parseRoute('/c/65f0a1b2c3d4e5f601234567/')).toEqual({
      name: 'conversation',
      id: '65f0a1b2c3d4e5f601234567',
    })
    expect(parseRoute('/u/7')).toEqual({ name: 'person', userId: '7' })
    expect(parseRoute('/login')).toEqual({ name: 'login' })
    expect(parseRoute('/signup')).toEqual({ name: 'signup' })
  })

  it('round-trips ids through the paths it builds', () => {
    for (const id of ['1', 'a b', 'é', '%']) {
      expect(parseRoute(paths.conversation(id))).toEqual({ name: 'conversation', id })
    }
  })

  it('treats anything else as unknown', () => {
    for (const path of ['/c', '/c/', '/c/1/2', '/x/1', '/c/%E0%A4%A', '/c/a%2Fb', '/settings']) {
      expect(parseRoute(path)).toEqual({ name: 'unknown' })
    }
  })
})

describe('safeNext', () => {
  it('follows only our own conversation and person paths', () => {
    expect(safeNext('/c/42')).toBe('/c/42')
    expect(safeNext('/u/7')).toBe('/u/7')
    for (const bad of [null, '', '//evil.example/c/1', 'https://evil.example', '/login', '/x', 'c/1']) {
      expect(safeNext(bad)).toBeNull()
    }
  })
})
