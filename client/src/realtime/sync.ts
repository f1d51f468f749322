import {
  COME_BACK_LATER,
  SYNC_BUSY_ATTEMPTS,
  SYNC_LIMIT,
  SYNC_MAX_CONVERSATIONS,
  SYNC_TIMEOUT_MS,
} from '../config/constants'
import { loadConversations, refreshConversation } from '../features/conversations/api/conversations-api'
import { loadLatest } from '../features/messages/api/messages-api'
import { backoffDelay } from '../lib/backoff'
import { getSocket } from '../lib/socket'
import { useChatStore, type ChatState } from '../stores/chat-store'
import { highestSeq } from '../stores/merge'
import { newestChange } from '../stores/message-changes'
import type { SyncAck, SyncPayload } from '../types/api'
import { acknowledgeDelivery, acknowledgeUnread } from './receipts'

export type SyncEmitter = (payload: SyncPayload) => Promise<SyncAck>

const emitSync: SyncEmitter = (payload) => getSocket().timeout(SYNC_TIMEOUT_MS).emitWithAck('sync', payload)

/**
 * Where each conversation we hold messages of (or have loaded, e.g. the open one) continues: the
 * highest seq held, 0 for a loaded empty one. Threads still loading fetch their newest page anyway.
 */
export function syncCursors(state: Pick<ChatState, 'threads'>): Record<string, number> {
  const cursors: Record<string, number> = {}
  for (const [id, thread] of Object.entries(state.threads)) {
    if (thread.messages.length > 0 || thread.status === 'loaded') cursors[id] = highestSeq(thread.messages)
  }
  return cursors
}

/**
 * The change cursor to send for each of these conversations: the one kept, or for a thread held
 * before its conversation was known, the newest change among its messages.
 */
export function changeCursorsFor(
  state: Pick<ChatState, 'threads' | 'changeCursors'>,
  ids: readonly string[],
): Record<string, number> {
  return Object.fromEntries(
    ids.map((id) => [id, state.changeCursors[id] ?? newestChange(state.threads[id]?.messages ?? [])]),
  )
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** One sync call; an overloaded or cut-off server (`server_busy`, `unavailable`) is asked again later. */
async function syncPage(
  payload: SyncPayload,
  emit: SyncEmitter,
  wait: (ms: number) => Promise<void>,
): Promise<SyncAck> {
  for (let attempt = 1; ; attempt++) {
    const ack = await emit(payload)
    if (ack.ok || !COME_BACK_LATER.has(ack.error) || attempt >= SYNC_BUSY_ATTEMPTS) return ack
    await wait(Math.max(backoffDelay(attempt), (ack.retry_after ?? 0) * 1000))
  }
}

/**
 * Page through `sync` for some conversations until the server has nothing more: new messages
 * after each seq cursor, and (with change cursors) the held messages changed since, which replace
 * ours whole. The change cursors move as the server says, page by page.
 */
export async function syncConversations(
  cursors: Record<string, number>,
  emit: SyncEmitter,
  wait: (ms: number) => Promise<void> = sleep,
  changeCursors?: Record<string, number>,
): Promise<void> {
  const next = { ...cursors }
  const changes = changeCursors && { ...changeCursors }
  for (;;) {
    const payload: SyncPayload = { cursors: next, limit: SYNC_LIMIT, ...(changes ? { changes } : {}) }
    const ack = await syncPage(payload, emit, wait)
    if (!ack.ok) throw new Error(ack.message ?? ack.error)
    const updated = ack.changed ?? []
    if (updated.length > 0) useChatStore.getState().messagesChanged(updated)
    let moved = false
    for (const [id, n] of Object.entries(ack.change_cursors ?? {})) {
      if (changes && n > (changes[id] ?? 0)) {
        changes[id] = n
        moved = true
      }
    }
    if (ack.change_cursors) useChatStore.getState().changeCursorsSynced(ack.change_cursors)
    const unknown = useChatStore.getState().messagesSynced(ack.messages)
    acknowledgeDelivery(ack.messages)
    if (unknown.length > 0) void loadConversations()
    // Groups that changed while we were away: their title, members and our role follow.
    const changed = new Set(ack.messages.filter((m) => m.kind === 'system').map((m) => m.conversation_id))
    changed.forEach((id) => {
      if (!unknown.includes(id)) void refreshConversation(id)
    })
    if (!ack.more || (ack.messages.length === 0 && updated.length === 0 && !moved)) return
    for (const m of ack.messages) next[m.conversation_id] = Math.max(next[m.conversation_id] ?? 0, m.seq)
  }
}

/** After the socket (re)connected: the fresh list, then every message missed meanwhile. */
export async function catchUp(emit: SyncEmitter = emitSync): Promise<void> {
  await loadConversations()
  const state = useChatStore.getState()
  if (!state.user) return
  const cursors = syncCursors(state)
  const ids = Object.keys(cursors)
  try {
    for (let i = 0; i < ids.length; i += SYNC_MAX_CONVERSATIONS) {
      const chunk = ids.slice(i, i + SYNC_MAX_CONVERSATIONS)
      const changes = changeCursorsFor(useChatStore.getState(), chunk)
      await syncConversations(
        Object.fromEntries(chunk.map((id) => [id, cursors[id] ?? 0])),
        emit,
        sleep,
        changes,
      )
    }
  } catch (err) {
    // A server without sync (or a failed one): the newest page of each thread still closes most gaps.
    console.warn('sync failed, reloading the newest pages', err)
    await Promise.all(ids.map((id) => loadLatest(id)))
  }
  for (const [id, thread] of Object.entries(useChatStore.getState().threads)) {
    if (thread.status === 'error') void loadLatest(id)
  }
  acknowledgeUnread()
}
