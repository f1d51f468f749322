import { describe, expect, it } from 'vitest'
import { formatLastSeen } from '../last-seen'

const now = new Date(2026, 11, 5, 15, 30) // local time

function at(...parts: [number, number, number, number, number]): string {
  return new Date(...parts).toISOString()
}

describe('formatLastSeen', () => {
  it('says how long ago within the hour', () => {
    expect(formatLastSeen(at(2026, 11, 5, 15, 29), now)).toBe('Last seen 1 min ago')
    expect(formatLastSeen(new Date(now.getTime() - 20_000).toISOString(), now)).toBe('Last seen just now')
    expect(formatLastSeen(at(2026, 11, 5, 14, 45), now)).toBe('Last seen 45 min ago')
  })

  it('names the day by local calendar days, not 24-hour spans', () => {
    expect(formatLastSeen(at(2026, 11, 5, 0, 5), now)).toMatch(/^Last seen today at /)
    expect(formatLastSeen(at(2026, 11, 4, 23, 50), now)).toMatch(/^Last seen yesterday at /)
    expect(formatLastSeen(at(2026, 11, 3, 23, 50), now)).toMatch(/^Last seen on /)
  })

  it('never claims a time it cannot read, nor one in the future', () => {
    expect(formatLastSeen('garbage', now)).toBe('Offline')
    expect(formatLastSeen(at(2026, 11, 5, 15, 31), now)).toBe('Last seen just now')
  })
})
