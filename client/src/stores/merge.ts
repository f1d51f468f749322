import type { Conversation, Message, User } from '../types/api'

/** Union of two message lists without duplicates (by id, then client_id), ascending by seq. */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  const ids = new Set(current.map((m) => m.id))
  const clientIds = new Set(current.flatMap((m) => (m.client_id ? [m.client_id] : [])))
  const added = incoming.filter((m) => {
    if (ids.has(m.id) || (m.client_id && clientIds.has(m.client_id))) return false
    ids.add(m.id)
    if (m.client_id) clientIds.add(m.client_id)
    return true
  })
  if (added.length === 0) return current as Message[]
  return [...current, ...added].sort((a, b) => a.seq - b.seq)
}

function time(iso: string): number {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? 0 : t
}

export function sortConversations(list: Conversation[]): Conversation[] {
  return [...list].sort((a, b) => time(b.updated_at) - time(a.updated_at))
}

/**
 * The list after `message` was stored: its conversation gets the newer last message and moves up.
 * An unknown conversation is added only when the other user is known (our own send).
 * Returns null when the conversation is unknown and cannot be built.
 */
export function applyLastMessage(
  list: Conversation[],
  message: Message,
  other?: User,
): Conversation[] | null {
  const existing = list.find((c) => c.id === message.conversation_id)
  if (!existing) {
    if (!other) return null
    const created: Conversation = {
      id: message.conversation_id,
      other,
      last_message: message,
      updated_at: message.created_at,
    }
    return sortConversations([created, ...list])
  }
  if (existing.last_message && existing.last_message.seq >= message.seq) return list
  const updated: Conversation = {
    ...existing,
    last_message: message,
    updated_at:
      time(message.created_at) > time(existing.updated_at) ? message.created_at : existing.updated_at,
  }
  return sortConversations(list.map((c) => (c.id === existing.id ? updated : c)))
}
