import { describe, expect, it } from 'vitest'
import { formatSize, looksLikeImage } from '../size'

describe('formatSize', () => {
  it('reads as bytes, kilobytes or megabytes', () => {
    expect([0, 820, 12_345, 1_468_006].map(formatSize)).toEqual(['0 B', '820 B', '12 KB', '1.4 MB'])
  })
})

describe('looksLikeImage', () => {
  it('previews only the types the server shows inline, never SVG', () => {
    expect(['image/png', 'image/jpeg', 'image/webp', 'image/gif'].every(looksLikeImage)).toBe(true)
    expect(['image/svg+xml', 'text/html', ''].some(looksLikeImage)).toBe(false)
  })
})
