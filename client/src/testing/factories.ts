import type { KeyValueStorage } from '../realtime/outbox-storage'
import type { Conversation, Message, User } from '../types/api'

export function makeUser(username: string): User {
  return { id: `u-${username}`, username, full_name: `${username} Test`, gender: null, avatar_url: null }
}

export const me = makeUser('me')
export const bob = makeUser('bob')

/** Message `seq` of conversation c1, from bob unless overridden. */
export function makeMessage(seq: number, over: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversation_id: 'c1',
    seq,
    sender_id: bob.id,
    text: `hello ${seq}`,
    client_id: `client-${seq}`,
    created_at: new Date(Date.UTC(2025, 0, 1, 12, seq)).toISOString(),
    ...over,
  }
}

/** Conversation c1 with bob, its newest message being `last`. */
export function makeConversation(
  over: Partial<Conversation> = {},
  last: Message | null = null,
): Conversation {
  return {
    id: 'c1',
    other: { ...bob, last_seen_at: null },
    last_message: last,
    updated_at: last?.created_at ?? new Date(Date.UTC(2025, 0, 1)).toISOString(),
    last_seq: last?.seq ?? 0,
    unread: 0,
    read_seq: 0,
    peer_read_seq: 0,
    peer_delivered_seq: 0,
    blocked: false,
    presence_shared: true,
    ...over,
  }
}

/** localStorage for node. */
export function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  }
}
