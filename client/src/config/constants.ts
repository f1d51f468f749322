/** Client-wide limits; the text limit mirrors the server's validation. */
export const MAX_MESSAGE_LENGTH = 4000
export const SEND_TIMEOUT_MS = 10_000
export const SEARCH_DEBOUNCE_MS = 250
export const SEARCH_LIMIT = 20
export const PAGE_SIZE = 50
export const TOAST_TTL_MS = 5000
