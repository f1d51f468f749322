// @username mentions: how message text names people (the server's MENTION pattern), and the
// composer's autocomplete after "@".

export type MentionPart = { kind: 'text'; text: string } | { kind: 'mention'; text: string; self: boolean }

/** A name after "@" that does not follow a word character or another "@" (as the server reads it). */
const MENTION = /(?<![\w@])@([A-Za-z0-9_.]{3,32})/g

/**
 * Split text into plain parts and the @names of people in `usernames` (lower-cased username →
 * whether it is us); "@all" counts too. Unknown names stay plain text.
 */
export function splitMentions(text: string, usernames: ReadonlyMap<string, boolean>): MentionPart[] {
  const parts: MentionPart[] = []
  let last = 0
  for (const match of text.matchAll(MENTION)) {
    const name = (match[1] ?? '').replace(/\.+$/, '')
    const key = name.toLowerCase()
    if (!usernames.has(key) && key !== 'all') continue
    const start = match.index
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) })
    parts.push({ kind: 'mention', text: `@${name}`, self: usernames.get(key) === true })
    last = start + name.length + 1
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return parts
}

/** The "@name" being typed just before the caret, if any: where it starts and what follows "@". */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|[^\w@])@([A-Za-z0-9_.]{0,32})$/.exec(text.slice(0, caret))
  if (!match) return null
  const query = match[1] ?? ''
  return { start: caret - query.length - 1, query }
}

export interface MentionCandidate {
  username: string
  full_name: string
}

/** People whose username, or a word of whose name, starts with `query` (any case), best first. */
export function mentionCandidates<T extends MentionCandidate>(
  people: readonly T[],
  query: string,
  limit = 6,
): T[] {
  const q = query.toLowerCase()
  const rank = (p: T) => {
    if (p.username.toLowerCase().startsWith(q)) return 0
    return p.full_name
      .toLowerCase()
      .split(/\s+/)
      .some((w) => w.startsWith(q))
      ? 1
      : -1
  }
  return people
    .map((p) => ({ p, r: rank(p) }))
    .filter(({ r }) => r >= 0)
    .sort((a, b) => a.r - b.r || a.p.username.localeCompare(b.p.username))
    .slice(0, limit)
    .map(({ p }) => p)
}

/** The text with the "@query" at `start`..`caret` replaced by "@username ", and the caret after it. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  username: string,
): { text: string; caret: number } {
  const inserted = `@${username} `
  const rest = text.slice(caret).replace(/^ /, '')
  return { text: text.slice(0, start) + inserted + rest, caret: start + inserted.length }
}
