/** Shapes of docs/api.md, as they travel on the wire. */

export type Gender = 'male' | 'female' | 'other'

export interface User {
  id: string
  username: string
  full_name: string
  gender: Gender | null
  avatar_url: string | null
}

export interface Message {
  id: string
  conversation_id: string
  seq: number
  sender_id: string
  text: string
  client_id: string | null
  created_at: string
}

export interface Conversation {
  id: string
  other: User
  last_message: Message | null
  updated_at: string
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

export interface ServerToClientEvents {
  online_users: (payload: { user_ids: string[] }) => void
  presence: (payload: { user_id: string; online: boolean }) => void
  new_message: (payload: { message: Message }) => void
}

export interface ClientToServerEvents {
  send_message: (payload: SendMessagePayload, ack: (res: SendMessageAck) => void) => void
}
