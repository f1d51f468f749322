import { describe, expect, it } from 'vitest'
import { highlightParts } from '../highlight'

const marked = (text: string, query: string) =>
  highlightParts(text, query)
    .filter((p) => p.match)
    .map((p) => p.text)

describe('highlightParts', () => {
  it('marks whole words ignoring case and accents, and the last word as a prefix', () => {
    expect(marked('Rendez-vous au Café de Flore', 'cafe flo')).toEqual(['Café', 'Flore'])
    expect(marked('CAFÉ café cafeteria', 'café')).toEqual(['CAFÉ', 'café', 'cafeteria'])
  })

  it('matches earlier words only whole, and a short last word only whole', () => {
    expect(marked('flora and flo', 'flo and')).toEqual(['and', 'flo'])
    expect(marked('go gone', 'go')).toEqual(['go'])
  })

  it('keeps every character of the text, in order', () => {
    const text = 'Hi, the café — closes at 9!'
    expect(
      highlightParts(text, 'caf')
        .map((p) => p.text)
        .join(''),
    ).toBe(text)
  })

  it('marks nothing for a query without words', () => {
    expect(highlightParts('anything', '?!')).toEqual([{ text: 'anything', match: false }])
  })
})
