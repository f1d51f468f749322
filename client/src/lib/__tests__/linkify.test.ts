import { describe, expect, it } from 'vitest'
import { linkify } from '../linkify'

describe('linkify', () => {
  it('turns http and https URLs into links and keeps the rest as text', () => {
    expect(linkify('see https://example.org/a?b=1 and http://x.test.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.test', href: 'http://x.test/' },
      { kind: 'text', text: '.' },
    ])
  })

  it('never links other schemes or markup', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '<a href="https://evil.test">x</a> vbscript:x',
    ]) {
      const links = linkify(text).filter((p) => p.kind === 'link')
      expect(links.every((l) => l.kind === 'link' && l.href.startsWith('http'))).toBe(true)
      expect(links.map((l) => l.text).join('')).not.toContain('<')
    }
    expect(linkify('plain text')).toEqual([{ kind: 'text', text: 'plain text' }])
  })
})
