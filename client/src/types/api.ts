/** Shapes of docs/api.md, as they travel on the wire. */

export type Gender = 'male' | 'female' | 'other'

export interface User {
  id: string
  username: string
  full_name: string
  gender: Gender | null
  avatar_url: string | null
}

/** The other member of a conversation: a user plus what only contacts see. */
export interface Contact extends User {
  /** When they were last online; null if never seen, or presence is not shared. */
  last_seen_at: string | null
}

/** Durations in seconds (GET /api/auth/me, sign-in, refresh): the client's timers, not clock. */
export interface SessionTimes {
  access_expires_in: number
  idle_timeout: number
  expires_in: number
}

export interface SignedIn {
  user: User
  session: SessionTimes
}

export interface Message {
  id: string
  conversation_id: string
  seq: number
  sender_id: string
  /** null when the server cannot decrypt the stored text. */
  text: string | null
  client_id: string | null
  created_at: string
}

export interface Conversation {
  id: string
  other: Contact
  last_message: Message | null
  updated_at: string
  /** The newest seq in the conversation. */
  last_seq: number
  /** Messages from the other member after read_seq. */
  unread: number
  /** How far you have read. */
  read_seq: number
  /** How far the other member has read / received: your messages up to them are read / delivered. */
  peer_read_seq: number
  peer_delivered_seq: number
  /** You blocked the other member: neither of you can message the other until you unblock. */
  blocked: boolean
  /** You see each other's presence (false across a block, either way): without it show no status. */
  presence_shared: boolean
}

export interface MessagePage {
  messages: Message[]
  next_before: number | null
}

export type FieldErrors = Record<string, string[]>

export interface SendMessagePayload {
  to: string
  text: string
  client_id: string
}

export type SendMessageAck =
  { ok: true; message: Message } | { ok: false; error: string; message: string; fields?: FieldErrors }

export type ErrorAck = { ok: false; error: string; message?: string; fields?: FieldErrors }

export interface SyncPayload {
  /** conversation_id → the highest seq held (0: from the start). */
  cursors: Record<string, number>
  limit?: number
}

export type SyncAck = { ok: true; messages: Message[]; more: boolean } | ErrorAck

export interface CursorPayload {
  conversation_id: string
  seq: number
}

export type DeliveredAck = { ok: true; seq: number } | ErrorAck
export type ReadAck = { ok: true; seq: number; unread: number } | ErrorAck

export interface DeliveredEvent {
  conversation_id: string
  user_id: string
  seq: number
}

export interface ReadEvent extends DeliveredEvent {
  /** The reader's remaining unread count. */
  unread: number
}

export interface PresenceEvent {
  user_id: string
  online: boolean
  /** With online: false, when they went offline (null: never seen). */
  last_seen_at?: string | null
  /** Sent when sharing starts (a first message, an unblock) or stops (a block): from then on show
   * their status, or none at all. */
  shared?: boolean
}

export interface ServerToClientEvents {
  online_users: (payload: { user_ids: string[] }) => void
  presence: (payload: PresenceEvent) => void
  new_message: (payload: { message: Message }) => void
  delivered: (payload: DeliveredEvent) => void
  read: (payload: ReadEvent) => void
}

export interface ClientToServerEvents {
  send_message: (payload: SendMessagePayload, ack: (res: SendMessageAck) => void) => void
  sync: (payload: SyncPayload, ack: (res: SyncAck) => void) => void
  delivered: (payload: CursorPayload, ack: (res: DeliveredAck) => void) => void
  read: (payload: CursorPayload, ack: (res: ReadAck) => void) => void
}
