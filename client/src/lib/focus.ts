/**
 * Whether keyboard focus is nowhere useful: on <body>, or on an element no longer shown (a list
 * item hidden when a phone switches panes, a search result that went away with its query).
 */
export function focusIsLost(doc: Document = document): boolean {
  const el = doc.activeElement
  return !el || el === doc.body || el.getClientRects().length === 0
}

/**
 * A key pressed inside a menu (WAI-ARIA APG): ArrowDown and ArrowUp (and ArrowRight and ArrowLeft
 * when `across`) move focus to the next or previous of `items`, wrapping; Home and End to the
 * first or last; Escape calls `close` and goes no further (an open dialog underneath stays open).
 */
export function menuKeyDown(
  event: Pick<KeyboardEvent, 'key' | 'preventDefault' | 'stopPropagation'>,
  items: HTMLElement[],
  close: () => void,
  across = false,
): void {
  const at = items.indexOf(document.activeElement as HTMLElement)
  const next = items[(at + 1) % items.length]
  const prev = items[(at - 1 + items.length) % items.length]
  const moves: Record<string, HTMLElement | undefined> = {
    ArrowDown: next,
    ArrowUp: prev,
    ...(across ? { ArrowRight: next, ArrowLeft: prev } : {}),
    Home: items[0],
    End: items[items.length - 1],
  }
  if (event.key === 'Escape') {
    event.preventDefault()
    event.stopPropagation()
    close()
  } else if (event.key in moves) {
    event.preventDefault()
    moves[event.key]?.focus()
  }
}
