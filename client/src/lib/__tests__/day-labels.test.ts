import { describe, expect, it } from 'vitest'
import { dayBreaks, dayLabel } from '../day-labels'

const utc = { locale: 'en-GB', timeZone: 'UTC' }

describe('dayLabel', () => {
  // Wednesday 5 March 2025, 10:00 UTC
  const now = new Date('2025-03-05T10:00:00Z')

  it('names today, yesterday and the days of the last week', () => {
    const label = (iso: string) => dayLabel(new Date(iso), now, utc)
    expect(label('2025-03-05T00:00:00Z')).toBe('Today')
    expect(label('2025-03-04T23:59:59Z')).toBe('Yesterday')
    expect(label('2025-03-04T00:00:00Z')).toBe('Yesterday')
    expect(label('2025-03-03T23:59:59Z')).toBe('Monday')
    expect(label('2025-02-27T12:00:00Z')).toBe('Thursday') // 6 days ago
    expect(label('2025-02-26T12:00:00Z')).toBe('Wed 26 February') // a week ago: a date
  })

  it('adds the year to dates of another year, and a weekday wins over the year', () => {
    const newYear = new Date('2025-01-01T00:30:00Z')
    const label = (iso: string) => dayLabel(new Date(iso), newYear, utc)
    expect(label('2024-12-31T23:50:00Z')).toBe('Yesterday')
    expect(label('2024-12-28T09:00:00Z')).toBe('Saturday')
    expect(label('2024-12-25T09:00:00Z')).toBe('Wed, 25 December 2024')
    expect(dayLabel(new Date('2025-01-10T09:00:00Z'), now, utc)).toBe('Fri 10 January')
  })

  it("counts days in the viewer's time zone", () => {
    const late = new Date('2025-03-04T20:00:00Z') // evening of the 4th in London, morning of the 5th in Tokyo
    expect(dayLabel(late, now, { locale: 'en-GB', timeZone: 'Europe/London' })).toBe('Yesterday')
    expect(dayLabel(late, now, { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe('Today')
    const early = new Date('2025-03-05T05:00:00Z') // today in UTC, 21:00 on the 4th in Los Angeles
    expect(dayLabel(early, now, utc)).toBe('Today')
    expect(dayLabel(early, now, { locale: 'en-US', timeZone: 'America/Los_Angeles' })).toBe('Yesterday')
  })

  it('follows the locale for dates and is not thrown by a daylight saving change', () => {
    const london = { locale: 'en-US', timeZone: 'Europe/London' }
    // clocks go forward on 30 March 2025: that day has 23 hours
    const afterChange = new Date('2025-03-31T00:30:00+01:00')
    expect(dayLabel(new Date('2025-03-30T00:30:00Z'), afterChange, london)).toBe('Yesterday')
    expect(dayLabel(new Date('2025-03-03T12:00:00Z'), afterChange, london)).toBe('Mon, March 3')
  })
})

describe('dayBreaks', () => {
  it('puts a label above the first message of each day only', () => {
    const now = new Date('2025-03-05T10:00:00Z')
    const times = [
      '2024-11-02T08:00:00Z',
      '2025-03-03T08:00:00Z',
      '2025-03-03T21:00:00Z',
      'not a time',
      '2025-03-04T07:00:00Z',
      '2025-03-05T08:00:00Z',
      '2025-03-05T09:00:00Z',
    ]
    expect(dayBreaks(times, now, utc)).toEqual([
      'Sat, 2 November 2024',
      'Monday',
      null,
      null,
      'Yesterday',
      'Today',
      null,
    ])
  })
})
