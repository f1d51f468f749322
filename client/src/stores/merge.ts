import type { Conversation, Message, User } from '../types/api'

/**
 * Union of two message lists of one conversation, ascending by seq, without duplicates: a message is
 * the same as one already held when its id, its client_id or its seq matches.
 */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  const ids = new Set(current.map((m) => m.id))
  const seqs = new Set(current.map((m) => m.seq))
  const clientIds = new Set(current.flatMap((m) => (m.client_id ? [m.client_id] : [])))
  const added = incoming.filter((m) => {
    if (ids.has(m.id) || seqs.has(m.seq) || (m.client_id && clientIds.has(m.client_id))) return false
    ids.add(m.id)
    seqs.add(m.seq)
    if (m.client_id) clientIds.add(m.client_id)
    return true
  })
  if (added.length === 0) return current as Message[]
  return [...current, ...added].sort((a, b) => a.seq - b.seq)
}

export function highestSeq(messages: readonly Message[]): number {
  return messages.reduce((max, m) => Math.max(max, m.seq), 0)
}

function time(iso: string): number {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? 0 : t
}

export function sortConversations(list: Conversation[]): Conversation[] {
  return [...list].sort((a, b) => time(b.updated_at) - time(a.updated_at))
}

function lastSeqOf(c: Conversation): number {
  return Math.max(c.last_seq, c.last_message?.seq ?? 0)
}

/**
 * `conversation` after `message` arrived. A text message from someone else beyond last_seq is one
 * more unread (a group's system message never is); our own message moves our read cursor to it (as
 * the server does), so nothing is unread.
 */
export function withMessage(conversation: Conversation, message: Message, myId: string): Conversation {
  if (message.seq <= lastSeqOf(conversation)) return conversation
  const own = message.sender_id === myId && message.kind !== 'system'
  const counts = !own && message.kind !== 'system' && message.seq > conversation.read_seq
  const namesMe = counts && (message.mentions ?? []).includes(myId)
  return {
    ...conversation,
    last_message: message,
    last_seq: message.seq,
    updated_at:
      time(message.created_at) > time(conversation.updated_at) ? message.created_at : conversation.updated_at,
    read_seq: own ? message.seq : conversation.read_seq,
    unread: own ? 0 : conversation.unread + (counts ? 1 : 0),
    unread_mentions: own ? 0 : conversation.unread_mentions + (namesMe ? 1 : 0),
  }
}

/** A conversation made up locally when our first message to `other` is acked. */
export function newConversation(message: Message, other: User, myId: string): Conversation {
  const own = message.sender_id === myId
  return {
    id: message.conversation_id,
    kind: 'direct',
    left: false,
    other: { ...other, last_seen_at: null },
    last_message: message,
    updated_at: message.created_at,
    last_seq: message.seq,
    unread: own ? 0 : 1,
    read_seq: own ? message.seq : 0,
    peer_read_seq: 0,
    peer_delivered_seq: 0,
    unread_mentions: 0,
    last_change: 0,
    muted: false,
    blocked: false,
    // A first message went through, so no block stands between us: we are contacts now.
    presence_shared: true,
  }
}

/**
 * The list after messages were stored: their conversations move up. An unknown conversation is added
 * only when the other user is known (our own send). `unknown` lists conversation ids that could not be.
 */
export function applyMessages(
  list: Conversation[],
  messages: readonly Message[],
  myId: string,
  other?: User,
): { list: Conversation[]; unknown: string[] } {
  let next = list
  const unknown: string[] = []
  for (const message of messages) {
    const existing = next.find((c) => c.id === message.conversation_id)
    if (existing) {
      const updated = withMessage(existing, message, myId)
      if (updated !== existing) next = next.map((c) => (c === existing ? updated : c))
    } else if (other) {
      next = [newConversation(message, other, myId), ...next]
    } else if (!unknown.includes(message.conversation_id)) {
      unknown.push(message.conversation_id)
    }
  }
  return { list: next === list ? list : sortConversations(next), unknown }
}

/**
 * A fetched conversation against what we hold: a reloaded list may predate a message or a receipt
 * that arrived while it was in flight. Cursors only move forward.
 */
export function reconcileConversation(fresh: Conversation, local: Conversation | undefined): Conversation {
  if (!local) return fresh
  const base = lastSeqOf(local) > lastSeqOf(fresh) ? local : fresh
  const other = base === local ? fresh : local
  const readSeq = Math.max(base.read_seq, other.read_seq)
  const unread =
    readSeq > base.read_seq ? Math.min(base.unread, Math.max(0, lastSeqOf(base) - readSeq)) : base.unread
  return {
    ...fresh,
    last_message: base.last_message,
    updated_at: base.updated_at,
    last_seq: lastSeqOf(base),
    read_seq: readSeq,
    unread,
    unread_mentions: unread === 0 ? 0 : base.unread_mentions,
    last_change: Math.max(fresh.last_change, local.last_change),
    peer_read_seq: Math.max(fresh.peer_read_seq, local.peer_read_seq),
    peer_delivered_seq: Math.max(fresh.peer_delivered_seq, local.peer_delivered_seq),
  }
}

export function reconcileConversations(fresh: Conversation[], current: Conversation[]): Conversation[] {
  const known = new Map(current.map((c) => [c.id, c]))
  return sortConversations(fresh.map((c) => reconcileConversation(c, known.get(c.id))))
}
