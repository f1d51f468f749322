import { describe, expect, it } from 'vitest'
import { endedOthersText, endOthersQuestion, formatLastActive, formatSignedIn } from '../session-times'

const NOW = new Date(2025, 2, 10, 15, 30) // 10 Mar 2025, 15:30 local time

describe('formatLastActive', () => {
  it('says how long ago within the hour', () => {
    expect(formatLastActive(new Date(2025, 2, 10, 15, 29, 30).toISOString(), NOW)).toBe('Active just now')
    expect(formatLastActive(new Date(2025, 2, 10, 15, 5).toISOString(), NOW)).toBe('Active 25 min ago')
  })

  it('names the day beyond that', () => {
    expect(formatLastActive(new Date(2025, 2, 10, 9, 0).toISOString(), NOW)).toMatch(/^Active today at /)
    expect(formatLastActive(new Date(2025, 2, 9, 23, 0).toISOString(), NOW)).toMatch(/^Active yesterday at /)
    expect(formatLastActive(new Date(2025, 1, 3, 12, 0).toISOString(), NOW)).toMatch(/^Active on .*2025/)
  })

  it('shows a time in the future (a fast server clock) as just now, and nothing for a bad time', () => {
    expect(formatLastActive(new Date(2025, 2, 10, 15, 31).toISOString(), NOW)).toBe('Active just now')
    expect(formatLastActive('not a time', NOW)).toBe('')
  })
})

describe('the texts of signing out', () => {
  it('counts the other sessions', () => {
    expect(endOthersQuestion(1)).toBe('Sign out the other session? It will have to sign in again.')
    expect(endOthersQuestion(3)).toBe('Sign out the 3 other sessions? They will have to sign in again.')
    expect(endedOthersText(0)).toBe('No other session was signed in.')
    expect(endedOthersText(1)).toBe('Signed out 1 other session.')
    expect(endedOthersText(2)).toBe('Signed out 2 other sessions.')
  })

  it('dates the sign-in', () => {
    expect(formatSignedIn(new Date(2025, 2, 3, 12, 0).toISOString())).toMatch(/^Signed in on .*2025/)
    expect(formatSignedIn('')).toBe('')
  })
})
