import { describe, expect, it } from 'vitest'
import { formatMessageTime, formatUnread, messageText } from '../format'

describe('formatUnread', () => {
  it('caps the badge at 99+', () => {
    expect([1, 99, 100, 2500].map(formatUnread)).toEqual(['1', '99', '99+', '99+'])
  })
})

describe('messageText', () => {
  it('stands in for a text the server could not decrypt', () => {
    expect([messageText('hi'), messageText(null)]).toEqual(['hi', 'Message unavailable'])
  })
})

describe('formatMessageTime', () => {
  it('shows only the time, also for another day (the day separator names the day)', () => {
    const iso = '2020-03-03T14:05:00Z'
    const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
    expect(formatMessageTime(iso)).toBe(time.format(new Date(iso)))
    expect(formatMessageTime('nonsense')).toBe('')
  })
})
