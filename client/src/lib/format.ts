const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()
}

/** "14:05" under a message bubble: the day is on the separator above it. */
export function formatMessageTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : timeFmt.format(date)
}

/** "14:05" today, "Mar 3" otherwise (in the conversation list). */
export function formatListTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return sameDay(date, new Date()) ? timeFmt.format(date) : dayFmt.format(date)
}

export function formatFullTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : fullFmt.format(date)
}

export function initials(fullName: string, username: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean)
  const letters =
    words.length >= 2
      ? `${words[0]?.[0] ?? ''}${words[words.length - 1]?.[0] ?? ''}`
      : (words[0] ?? username).slice(0, 2)
  return letters.toUpperCase() || '?'
}

/** An unread count as a badge shows it. */
export function formatUnread(count: number): string {
  return count > 99 ? '99+' : String(count)
}

/** A message's text, or what to show when the server could not decrypt it. */
export function messageText(text: string | null): string {
  return text ?? 'Message unavailable'
}
