/**
 * Whether keyboard focus is nowhere useful: on <body>, or on an element no longer shown (a list
 * item hidden when a phone switches panes, a search result that went away with its query).
 */
export function focusIsLost(doc: Document = document): boolean {
  const el = doc.activeElement
  return !el || el === doc.body || el.getClientRects().length === 0
}
