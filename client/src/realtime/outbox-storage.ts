import { useChatStore } from '../stores/chat-store'
import type { PendingMessage } from '../stores/messages-slice'
import type { ReplyQuote, User } from '../types/api'

/** The part of Web Storage the outbox needs: localStorage in the app, a Map in tests. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/**
 * What one outbox entry looks like in storage (one list per signed-in user): to a person (`to` and
 * `peer`, a conversation_id once known) or to a group (`conversation_id`, `to` and `peer` null).
 */
interface SavedEntry {
  client_id: string
  to: string | null
  peer: User | null
  conversation_id: string | null
  text: string
  created_at: string
  order: number
  state: 'pending' | 'failed'
  error?: string
  error_code?: string
  reply_to?: ReplyQuote
}

export function outboxKey(userId: string): string {
  return `chat.outbox.v1.${userId}`
}

function toSaved(p: PendingMessage): SavedEntry {
  return {
    client_id: p.clientId,
    to: p.peer?.id ?? null,
    peer: p.peer,
    conversation_id: p.conversationId,
    text: p.text,
    created_at: p.createdAt,
    order: p.order,
    state: p.state,
    ...(p.error ? { error: p.error } : {}),
    ...(p.errorCode ? { error_code: p.errorCode } : {}),
    ...(p.replyTo ? { reply_to: p.replyTo } : {}),
  }
}

function isQuote(value: unknown): value is ReplyQuote {
  const q = value as Partial<ReplyQuote> | null
  return !!q && typeof q === 'object' && typeof q.id === 'string' && typeof q.seq === 'number'
}

function isSaved(value: unknown): value is SavedEntry {
  if (!value || typeof value !== 'object') return false
  const e = value as Partial<SavedEntry>
  return (
    typeof e.client_id === 'string' &&
    typeof e.text === 'string' &&
    typeof e.order === 'number' &&
    typeof e.created_at === 'string' &&
    (e.state === 'pending' || e.state === 'failed') &&
    (e.peer
      ? typeof e.peer.id === 'string' && e.peer.id === e.to
      : e.to === null && typeof e.conversation_id === 'string')
  )
}

/** The saved outbox of `userId`; pending entries start over with a fresh budget of attempts. */
export function readOutbox(storage: KeyValueStorage, userId: string): PendingMessage[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(storage.getItem(outboxKey(userId)) ?? '[]')
  } catch {
    return []
  }
  if (!Array.isArray(parsed)) return []
  return parsed.filter(isSaved).map((e) => ({
    clientId: e.client_id,
    peer: e.peer ?? null,
    conversationId: e.conversation_id ?? null,
    text: e.text,
    createdAt: e.created_at,
    order: e.order,
    state: e.state,
    attempts: 0,
    ...(e.error ? { error: e.error } : {}),
    ...(typeof e.error_code === 'string' ? { errorCode: e.error_code } : {}),
    ...(isQuote(e.reply_to) ? { replyTo: e.reply_to } : {}),
  }))
}

/**
 * Save `entries`, keeping saved entries whose client_id this tab never had: another tab of the same
 * user wrote them and is the one to remove them.
 */
export function writeOutbox(
  storage: KeyValueStorage,
  userId: string,
  entries: readonly PendingMessage[],
  ownIds: ReadonlySet<string>,
): void {
  const others = readOutbox(storage, userId).filter((e) => !ownIds.has(e.clientId))
  const all = [...entries, ...others].sort((a, b) => a.order - b.order)
  try {
    if (all.length === 0) storage.removeItem(outboxKey(userId))
    else storage.setItem(outboxKey(userId), JSON.stringify(all.map(toSaved)))
  } catch {
    // Full or disabled storage: the outbox still works until the page is closed.
  }
}

/** Restore the outbox on sign-in and save it on every change; returns the unsubscribe. */
export function persistOutbox(storage: KeyValueStorage): () => void {
  const ownIds = new Set<string>()
  return useChatStore.subscribe((state, prev) => {
    const user = state.user
    if (!user) {
      ownIds.clear()
      return
    }
    if (user.id !== prev.user?.id) {
      const saved = readOutbox(storage, user.id)
      saved.forEach((e) => ownIds.add(e.clientId))
      if (saved.length > 0) state.outboxRestored(saved)
      return
    }
    if (state.pending === prev.pending) return
    Object.keys(state.pending).forEach((id) => ownIds.add(id))
    writeOutbox(storage, user.id, Object.values(state.pending), ownIds)
  })
}
