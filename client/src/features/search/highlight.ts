/**
 * Which words of a text a search matched, folded as the server folds them (case and accents
 * ignored): every word of the query as a whole word, the last one also as a prefix. Only for
 * showing: the server decided what matches.
 */

/** The shortest last word matched as a prefix (the server's MIN_PREFIX); shorter: a whole word. */
const MIN_PREFIX = 3
const WORD = /[\p{L}\p{N}\p{M}]+/gu

export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

export interface Part {
  text: string
  match: boolean
}

function queryWords(query: string): string[] {
  return [...fold(query).matchAll(WORD)].map((m) => m[0])
}

/** The text cut into runs, each marked whether it is a matched word. */
export function highlightParts(text: string, query: string): Part[] {
  const words = queryWords(query)
  const last = words.at(-1)
  if (!last) return [{ text, match: false }]
  const exact = new Set(words)
  const prefix = last.length >= MIN_PREFIX ? last : null
  const parts: Part[] = []
  let at = 0
  for (const m of text.matchAll(WORD)) {
    const word = fold(m[0])
    if (!exact.has(word) && !(prefix && word.startsWith(prefix))) continue
    if (m.index > at) parts.push({ text: text.slice(at, m.index), match: false })
    parts.push({ text: m[0], match: true })
    at = m.index + m[0].length
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false })
  return parts
}
