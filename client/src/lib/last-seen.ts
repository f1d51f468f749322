import { timeAgo } from './time-ago'

/** "Last seen just now / 5 min ago / today at 14:05 / yesterday at 14:05 / on 3 Mar 2025". */
export function formatLastSeen(iso: string, now: Date = new Date()): string {
  const seen = new Date(iso)
  return Number.isNaN(seen.getTime()) ? 'Offline' : `Last seen ${timeAgo(seen, now)}`
}
