import { formatDate, timeAgo } from '../../lib/time-ago'

/**
 * "Active just now / 5 min ago / today at 14:05 / yesterday at 14:05 / on 3 Mar 2025" (local time).
 * The server moves a session's activity at its refreshes, so "just now" means within minutes.
 */
export function formatLastActive(iso: string, now: Date = new Date()): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? '' : `Active ${timeAgo(at, now)}`
}

/** "Signed in on 3 Mar 2025". */
export function formatSignedIn(iso: string): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? '' : `Signed in on ${formatDate(at)}`
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
