// Splits message text into plain parts and web links. Only http(s) URLs and bare www. hosts
// become links; the text itself is always rendered as text (never as HTML).

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

// A www. host counts only at the start of a word: not in "awww.x" nor "a.www.x" nor "me@www.x".
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+|(?<![\p{L}\p{N}_.@/-])www\.[^\s<>"'`]+/giu
const TRAILING = /[.,;:!?)\]}'"]+$/
// A host name of at least three labels ending in a top-level domain (letters or punycode).
const WWW_HOST = /^www(\.[\p{L}\p{N}-]+)+\.(\p{L}{2,}|xn--[a-z0-9-]+)$/iu

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

/** "www.example.org/a" → "https://www.example.org/a", if it is a plausible web address. */
function wwwHref(raw: string): string | null {
  const href = safeHref(`https://${raw}`)
  if (!href) return null
  const host = raw.split(/[/?#:]/, 1)[0] ?? ''
  return WWW_HOST.test(host) ? href : null
}

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0].replace(TRAILING, '')
    const href = /^www\./i.test(raw) ? wwwHref(raw) : safeHref(raw)
    if (!href) continue
    const start = match.index
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) })
    parts.push({ kind: 'link', text: raw, href })
    last = start + raw.length
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return parts
}
