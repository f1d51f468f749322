const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dateFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' })

const MINUTE = 60_000
const HOUR = 60 * MINUTE

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

/**
 * "Active just now / 5 min ago / today at 14:05 / yesterday at 14:05 / on 3 Mar 2025" (local time).
 * The server moves a session's activity at its refreshes, so "just now" means within minutes.
 */
export function formatLastActive(iso: string, now: Date = new Date()): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  const ago = Math.max(0, now.getTime() - at.getTime())
  if (ago < MINUTE) return 'Active just now'
  if (ago < HOUR) return `Active ${Math.floor(ago / MINUTE)} min ago`
  const days = Math.round((startOfDay(now) - startOfDay(at)) / (24 * HOUR))
  if (days === 0) return `Active today at ${timeFmt.format(at)}`
  if (days === 1) return `Active yesterday at ${timeFmt.format(at)}`
  return `Active on ${dateFmt.format(at)}`
}

/** "Signed in on 3 Mar 2025". */
export function formatSignedIn(iso: string): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? '' : `Signed in on ${dateFmt.format(at)}`
}

/** What "Sign out everywhere else" asks before it acts. */
export function endOthersQuestion(others: number): string {
  return others === 1
    ? 'Sign out the other session? It will have to sign in again.'
    : `Sign out the ${others} other sessions? They will have to sign in again.`
}

/** What the toast says once other sessions were signed out. */
export function endedOthersText(ended: number): string {
  if (ended === 0) return 'No other session was signed in.'
  return ended === 1 ? 'Signed out 1 other session.' : `Signed out ${ended} other sessions.`
}
