import { describe, expect, it } from 'vitest'
import { formatUnread, messageText } from '../format'

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
