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

/** What a system message records about a group. */
export type SystemEvent =
  'group_created' | 'member_added' | 'member_removed' | 'member_left' | 'title_changed' | 'role_changed'

export interface Message {
  id: string
  conversation_id: string
  seq: number
  sender_id: string
  /** `system`: a change to a group (event, actor_id, target_ids); absent from older servers = text. */
  kind?: 'text' | 'system'
  /** null when the server cannot decrypt the stored text. For a system message: the new title
   *  (group_created, title_changed), the new role (role_changed), else empty. */
  text: string | null
  client_id: string | null
  created_at: string
  event?: SystemEvent
  actor_id?: string
  /** Whom a system message is about. */
  target_ids?: string[]
  // Text messages only (absent from system messages and older servers):
  /** When its text was last edited; null if never. */
  edited_at?: string | null
  /** A tombstone: text null, no reactions; its seq stays. */
  deleted?: boolean
  reactions?: Reaction[]
  /** The message this one answers, as it is now. */
  reply_to?: ReplyQuote | null
  /** Ids of the group members it names with @. */
  mentions?: string[]
  /** Its conversation's change number of its last edit, deletion or reaction; 0 if none. */
  change_seq?: number
  /** Its files, in upload order (text messages; absent from older servers). */
  attachments?: Attachment[]
}

/** A file sent with a message; the type is the server's, decided from the bytes. */
export interface Attachment {
  id: string
  name: string
  size: number
  content_type: string
  width: number | null
  height: number | null
  url: string
  /** Images only: a WebP of at most 320 px. */
  thumbnail_url: string | null
}

export interface Reaction {
  emoji: string
  count: number
  user_ids: string[]
  /** In answers to us only (not in pushed events): compare user_ids with our id instead. */
  mine?: boolean
}

/** The answered message: its first 100 characters now, excerpt null once it was deleted. */
export interface ReplyQuote {
  /** null when an administrator purged it. */
  id: string | null
  seq: number
  sender_id: string | null
  excerpt: string | null
}

export type Role = 'owner' | 'admin' | 'member'

export interface GroupMember {
  user: User
  role: Role
}

interface ConversationBase {
  id: string
  /** You left or were removed (groups only): read-only, up to that point. */
  left: boolean
  last_message: Message | null
  updated_at: string
  /** The newest seq in the conversation (that you may read). */
  last_seq: number
  /** Text messages from others after read_seq. */
  unread: number
  /** How far you have read. */
  read_seq: number
  /** How far every other member has read / received: your messages up to them are read / delivered. */
  peer_read_seq: number
  peer_delivered_seq: number
  /** Unread messages that name us (shown even when muted). */
  unread_mentions: number
  /** The newest change number (edits, deletions, reactions): where a change cursor starts. */
  last_change: number
  /** We muted it: no notification or sound but for mentions; its unread count shows greyed and
   *  stays out of the tab title. */
  muted: boolean
}

export interface DirectConversation extends ConversationBase {
  kind: 'direct'
  other: Contact
  /** You blocked the other member: neither of you can message the other until you unblock. */
  blocked: boolean
  /** You see each other's presence (false across a block, either way): without it show no status. */
  presence_shared: boolean
}

export interface GroupConversation extends ConversationBase {
  kind: 'group'
  title: string
  /** null after you left. */
  my_role: Role | null
  /** Current members, in order of arrival. */
  members: GroupMember[]
  former_members: User[]
}

export type Conversation = DirectConversation | GroupConversation

export interface MessagePage {
  messages: Message[]
  next_before: number | null
}

export type FieldErrors = Record<string, string[]>

/** To a user (their direct conversation, made by the first message) or to a conversation. */
export type SendMessagePayload = (
  | { to: string; text: string; client_id: string }
  | { conversation_id: string; text: string; client_id: string; attachment_ids?: string[] }
) & { reply_to?: string }

export type ErrorAck = {
  ok: false
  error: string
  message?: string
  fields?: FieldErrors
  /** Seconds to wait before trying again (rate_limited, server_busy, unavailable). */
  retry_after?: number
}

export type SendMessageAck = { ok: true; message: Message } | (ErrorAck & { message: string })

export interface SyncPayload {
  /** conversation_id → the highest seq held (0: from the start). */
  cursors: Record<string, number>
  /** conversation_id → the change number applied up to (see "Changes" in docs/api.md). */
  changes?: Record<string, number>
  limit?: number
}

export type SyncAck =
  | {
      ok: true
      messages: Message[]
      more: boolean
      /** Messages held (seq at or below the cursor) changed after the change cursor: replace whole. */
      changed?: Message[]
      change_cursors?: Record<string, number>
    }
  | ErrorAck

export interface CursorPayload {
  conversation_id: string
  seq: number
}

export type DeliveredAck = { ok: true; seq: number } | ErrorAck
export type ReadAck = { ok: true; seq: number; unread: number; unread_mentions?: number } | ErrorAck

export interface DeliveredEvent {
  conversation_id: string
  user_id: string
  seq: number
  /** How far every other member got: the new peer_delivered_seq / peer_read_seq. */
  all_seq?: number
}

export interface ReadEvent extends DeliveredEvent {
  /** Only to the reader's own tabs: their remaining unread count. */
  unread?: number
}

export interface ReactionEvent {
  conversation_id: string
  message_id: string
  emoji: string
  user_id: string
  on: boolean
  change_seq: number
}

/** The answer to edit_message, delete_message and react: the message as it is now. */
export type MessageAck = { ok: true; message: Message } | ErrorAck

export interface TypingEvent {
  conversation_id: string
  user_id: string
}

export type TypingAck = { ok: true; sent: boolean } | ErrorAck

/** GET /api/messages/rules: what the server allows, so the client offers no more. */
export interface MessageRules {
  /** How long after sending a message can be edited; 0: always (EDIT_WINDOW_MINUTES). */
  edit_window_minutes: number
}

export interface UserSettings {
  /** Others see "… is typing" from you. */
  share_typing: boolean
  /** Others see when you have read their messages (else only that you received them). */
  share_read_receipts: boolean
  /** A browser notification for a new message while the tab is hidden. */
  notifications: boolean
  /** A short sound with it. */
  sound: boolean
  theme: 'light' | 'dark' | 'system'
}

/** GET …/messages/<seq>/readers: members (not the sender) who read it, or only received it. */
export interface Readers {
  read: User[]
  delivered: User[]
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
  typing: (payload: TypingEvent) => void
  message_updated: (payload: { message: Message }) => void
  reaction: (payload: ReactionEvent) => void
  /** A contact (or we, in another tab) changed their profile. */
  user_updated: (payload: { user: User }) => void
  /** We muted or unmuted a conversation (in any tab). */
  membership_updated: (payload: { conversation_id: string; muted: boolean }) => void
}

export interface ClientToServerEvents {
  send_message: (payload: SendMessagePayload, ack: (res: SendMessageAck) => void) => void
  sync: (payload: SyncPayload, ack: (res: SyncAck) => void) => void
  delivered: (payload: CursorPayload, ack: (res: DeliveredAck) => void) => void
  read: (payload: CursorPayload, ack: (res: ReadAck) => void) => void
  typing: (payload: { conversation_id: string }, ack: (res: TypingAck) => void) => void
  edit_message: (payload: { message_id: string; text: string }, ack: (res: MessageAck) => void) => void
  delete_message: (payload: { message_id: string }, ack: (res: MessageAck) => void) => void
  react: (payload: { message_id: string; emoji: string; on: boolean }, ack: (res: MessageAck) => void) => void
}
