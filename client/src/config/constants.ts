/** Client-wide limits; the text limit mirrors the server's validation. */
export const MAX_MESSAGE_LENGTH = 4000
export const SEND_TIMEOUT_MS = 10_000
export const SEARCH_DEBOUNCE_MS = 250
export const SEARCH_LIMIT = 20
export const PAGE_SIZE = 50
export const TOAST_TTL_MS = 5000

/** Outbox: retries after a timeout wait base·2ⁿ (jittered, capped); then the message is failed. */
export const OUTBOX_BACKOFF = { baseMs: 1000, capMs: 30_000 } as const
export const OUTBOX_MAX_ATTEMPTS = 5
/** Error acks that a resend cannot fix. */
export const PERMANENT_SEND_ERRORS: ReadonlySet<string> = new Set([
  'invalid_input',
  'user_not_found',
  // Blocked: by us (unblock first) or by the recipient.
  'unblock_first',
  'cannot_message',
  // A group one left or was removed from, or a conversation that is gone.
  'not_a_member',
  'conversation_not_found',
])

/** sync: messages per call and conversations per call (the server's limits). */
export const SYNC_LIMIT = 200
export const SYNC_MAX_CONVERSATIONS = 200
export const SYNC_TIMEOUT_MS = 10_000
/** An overloaded server refuses events with this error; they are worth sending again later. */
export const SERVER_BUSY = 'server_busy'
/** Errors of a server that stored nothing and asks to be tried again after `retry_after`:
 *  overloaded (`server_busy`) or cut off from its database (`unavailable`). */
export const COME_BACK_LATER: ReadonlySet<string> = new Set([SERVER_BUSY, 'unavailable'])
export const SYNC_BUSY_ATTEMPTS = 5
export const RECEIPT_TIMEOUT_MS = 10_000
/** How often in a row a receipt turned away (server_busy, unavailable) is tried again. */
export const RECEIPT_BUSY_ATTEMPTS = 5
/** How long "Back online" shows after a reconnect. */
export const BACK_ONLINE_MS = 3000
/** Receipts (delivered, read): at most one of each per conversation in about this long (its
 *  highest seq), the wait varied at random by ±RECEIPT_JITTER/2 each time. */
export const RECEIPT_INTERVAL_MS = 1000
export const RECEIPT_JITTER = 0.5
/** typing: sent at most once in this long while the user types; shown this long after the last. */
export const TYPING_SEND_INTERVAL_MS = 3000
export const TYPING_SHOWN_MS = 6000
export const TYPING_TIMEOUT_MS = 5000
/** Refusals of edit_message, delete_message and react that a resend cannot change. */
export const FINAL_ACTION_ERRORS: ReadonlySet<string> = new Set([
  'invalid_input',
  'not_yours',
  'edit_window_passed',
  'message_deleted',
  'message_not_found',
  'not_a_member',
  'not_a_text_message',
  'too_many_reactions',
])
/** How long after sending a message the server lets its sender edit it, until GET
 *  /api/messages/rules says (EDIT_WINDOW_MINUTES: 60 by default). */
export const EDIT_WINDOW_MS = 60 * 60 * 1000
/** A touch held this long on a message opens its actions. */
export const LONG_PRESS_MS = 500

/** Files per message (the server allows 1 to 10). */
export const MAX_ATTACHMENTS = 10
