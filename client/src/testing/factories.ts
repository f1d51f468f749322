import type { KeyValueStorage } from '../realtime/saved-list'
import type { DirectConversation, GroupConversation, Message, Role, User, UserSettings } from '../types/api'

export function makeUser(username: string): User {
  return { id: `u-${username}`, username, full_name: `${username} Test`, gender: null, avatar_url: null }
}

export const me = makeUser('me')
export const bob = makeUser('bob')
export const cat = makeUser('cat')

/** Message `seq` of conversation c1, from bob unless overridden. */
export function makeMessage(seq: number, over: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversation_id: 'c1',
    seq,
    sender_id: bob.id,
    kind: 'text',
    text: `hello ${seq}`,
    client_id: `client-${seq}`,
    created_at: new Date(Date.UTC(2025, 0, 1, 12, seq)).toISOString(),
    ...over,
  }
}

/** A system message `seq` of group g1 (actor bob unless overridden). */
export function makeSystemMessage(seq: number, over: Partial<Message> = {}): Message {
  return makeMessage(seq, {
    conversation_id: 'g1',
    kind: 'system',
    text: '',
    client_id: `sys-${seq}`,
    event: 'member_added',
    actor_id: over.sender_id ?? bob.id,
    target_ids: [],
    ...over,
  })
}

/** What every conversation has: its newest message `last` and nothing unread or changed. */
function counters(last: Message | null) {
  return {
    last_message: last,
    updated_at: last?.created_at ?? new Date(Date.UTC(2025, 0, 1)).toISOString(),
    last_seq: last?.seq ?? 0,
    unread: 0,
    read_seq: 0,
    peer_read_seq: 0,
    peer_delivered_seq: 0,
    unread_mentions: 0,
    last_change: 0,
    muted: false,
  }
}

/** Conversation c1 with bob, its newest message being `last`. */
export function makeConversation(
  over: Partial<DirectConversation> = {},
  last: Message | null = null,
): DirectConversation {
  return {
    id: 'c1',
    kind: 'direct',
    left: false,
    other: { ...bob, last_seen_at: null },
    ...counters(last),
    blocked: false,
    presence_shared: true,
    ...over,
  }
}

/** Group g1 "Trip" of me (owner), bob and cat (members), its newest message being `last`. */
export function makeGroup(
  over: Partial<GroupConversation> = {},
  last: Message | null = null,
): GroupConversation {
  const member = (user: User, role: Role) => ({ user, role })
  return {
    id: 'g1',
    kind: 'group',
    left: false,
    title: 'Trip',
    my_role: 'owner',
    members: [member(me, 'owner'), member(bob, 'member'), member(cat, 'member')],
    former_members: [],
    ...counters(last),
    ...over,
  }
}

/** The server's defaults (everything on, the system's theme), with `over`. */
export function makeSettings(over: Partial<UserSettings> = {}): UserSettings {
  return {
    share_typing: true,
    share_read_receipts: true,
    notifications: true,
    sound: true,
    theme: 'system',
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
