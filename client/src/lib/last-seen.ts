const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dateFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' })

const MINUTE = 60_000
const HOUR = 60 * MINUTE

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

/** "last seen just now / 5 min ago / 3 h ago / yesterday at 14:05 / on 3 Mar 2025" (local time). */
export function formatLastSeen(iso: string, now: Date = new Date()): string {
  const seen = new Date(iso)
  if (Number.isNaN(seen.getTime())) return 'Offline'
  const ago = Math.max(0, now.getTime() - seen.getTime())
  if (ago < MINUTE) return 'Last seen just now'
  if (ago < HOUR) return `Last seen ${Math.floor(ago / MINUTE)} min ago`
  const days = Math.round((startOfDay(now) - startOfDay(seen)) / (24 * HOUR))
  if (days === 0) return `Last seen today at ${timeFmt.format(seen)}`
  if (days === 1) return `Last seen yesterday at ${timeFmt.format(seen)}`
  return `Last seen on ${dateFmt.format(seen)}`
}
