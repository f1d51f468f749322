// Day separators in a message list, by the viewer's calendar (or a given time zone, for tests):
// "Today", "Yesterday", the weekday within the last week, then the date (with the year when it
// is not this year), as WhatsApp and iMessage do.

export interface DayOptions {
  /** BCP 47 locale of the dates; the viewer's when undefined. */
  locale?: string
  /** IANA time zone the days are counted in; the viewer's when undefined. */
  timeZone?: string
}

const DAY_MS = 86_400_000
const partsFormats = new Map<string, Intl.DateTimeFormat>()

function partsFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? ''
  let format = partsFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' })
    partsFormats.set(key, format)
  }
  return format
}

/** The calendar day of an instant in the time zone, as a count of days since 1970-01-01. */
export function dayNumber(date: Date, timeZone?: string): number {
  const parts = partsFormat(timeZone).formatToParts(date)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return Date.UTC(get('year'), get('month') - 1, get('day')) / DAY_MS
}

/** "Today", "Yesterday", "Monday" (2–6 days ago), "Mon 3 March", "Mon, 3 March 2024". */
export function dayLabel(date: Date, now: Date, { locale, timeZone }: DayOptions = {}): string {
  const ago = dayNumber(now, timeZone) - dayNumber(date, timeZone)
  if (ago === 0) return 'Today'
  if (ago === 1) return 'Yesterday'
  if (ago > 1 && ago < 7) return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long' }).format(date)
  const year = (d: Date) => new Date(dayNumber(d, timeZone) * DAY_MS).getUTCFullYear()
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: year(date) === year(now) ? undefined : 'numeric',
  }).format(date)
}

/** For each time (ISO 8601) in display order: the label of a separator above it, or null when
 *  it is on the same day as the one before (or is not a valid time). */
export function dayBreaks(isoTimes: string[], now: Date, options: DayOptions = {}): (string | null)[] {
  let previous: number | null = null
  return isoTimes.map((iso) => {
    const date = new Date(iso)
    if (Number.isNaN(date.getTime())) return null
    const day = dayNumber(date, options.timeZone)
    if (day === previous) return null
    previous = day
    return dayLabel(date, now, options)
  })
}
