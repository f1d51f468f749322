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

describe('linkify www. hosts', () => {
  const links = (text: string) => linkify(text).filter((p) => p.kind === 'link')

  it('links a bare www. host over https and keeps the text as typed', () => {
    expect(linkify('go to www.example.org, now')).toEqual([
      { kind: 'text', text: 'go to ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org/' },
      { kind: 'text', text: ', now' },
    ])
    expect(links('(WWW.Example.org/a/b?q=1#x).')).toEqual([
      { kind: 'link', text: 'WWW.Example.org/a/b?q=1#x', href: 'https://www.example.org/a/b?q=1#x' },
    ])
    expect(links('www.example.co.uk:8080/path')).toEqual([
      { kind: 'link', text: 'www.example.co.uk:8080/path', href: 'https://www.example.co.uk:8080/path' },
    ])
  })

  it('does not link www. alone, inside words or without a real host', () => {
    for (const text of [
      'www.',
      'www. is a prefix',
      'www.example',
      'awww.example.org',
      'sub.www.example.org',
      'me@www.example.org',
      'www..org',
      'www.example.1',
    ]) {
      expect(links(text), text).toEqual([])
    }
  })

  it('does not link a www. inside an https link twice', () => {
    expect(links('https://www.example.org/x')).toEqual([
      { kind: 'link', text: 'https://www.example.org/x', href: 'https://www.example.org/x' },
    ])
  })
})
