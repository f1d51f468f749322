const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dateFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' })

const MINUTE = 60_000
const HOUR = 60 * MINUTE

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

/** "3 Mar 2025" (local time). */
export function formatDate(at: Date): string {
  return dateFmt.format(at)
}

/**
 * "just now / 5 min ago / today at 14:05 / yesterday at 14:05 / on 3 Mar 2025" (local calendar
 * days); a time in the future is "just now".
 */
export function timeAgo(at: Date, now: Date): string {
  const ago = Math.max(0, now.getTime() - at.getTime())
  if (ago < MINUTE) return 'just now'
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`
  const days = Math.round((startOfDay(now) - startOfDay(at)) / (24 * HOUR))
  if (days === 0) return `today at ${timeFmt.format(at)}`
  if (days === 1) return `yesterday at ${timeFmt.format(at)}`
  return `on ${formatDate(at)}`
}
