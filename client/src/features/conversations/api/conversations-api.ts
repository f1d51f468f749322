import { api, ApiError } from '../../../lib/api-client'
import { useChatStore } from '../../../stores/chat-store'
import { reportError } from '../../../stores/report-error'
import type { Conversation, User } from '../../../types/api'

let inFlight: Promise<void> | null = null

/** Cursor fields default to 0 / the last message, so an older server still gives a usable list. */
export function normalizeConversation(
  raw: Omit<Partial<Conversation>, 'other'> & { id: string; other: User & { last_seen_at?: string | null } },
): Conversation {
  const last = raw.last_message ?? null
  const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback)
  return {
    id: raw.id,
    other: { ...raw.other, last_seen_at: raw.other.last_seen_at ?? null },
    last_message: last,
    updated_at: raw.updated_at ?? last?.created_at ?? new Date(0).toISOString(),
    last_seq: num(raw.last_seq, last?.seq ?? 0),
    unread: num(raw.unread),
    read_seq: num(raw.read_seq),
    peer_read_seq: num(raw.peer_read_seq),
    peer_delivered_seq: num(raw.peer_delivered_seq),
    blocked: raw.blocked === true,
    // An older server sent presence to contacts only, so a listed conversation shared it.
    presence_shared: raw.presence_shared !== false,
  }
}

/** (Re)load the conversation list; concurrent calls share one request. */
export function loadConversations(): Promise<void> {
  inFlight ??= fetchConversations().finally(() => {
    inFlight = null
  })
  return inFlight
}

async function fetchConversations(): Promise<void> {
  const store = useChatStore.getState()
  if (store.conversationsStatus !== 'loaded') store.conversationsLoading()
  try {
    const { conversations } = await api.get<{ conversations: Conversation[] }>('/api/conversations')
    if (useChatStore.getState().user) {
      useChatStore.getState().conversationsLoaded(conversations.map(normalizeConversation))
    }
  } catch (err) {
    useChatStore.getState().conversationsFailed()
    reportError(err, 'Cannot load conversations.')
  }
}

/** One conversation by id (a link to one not in the list yet); 'not_found' when it is not ours. */
export async function fetchConversation(id: string): Promise<Conversation | 'not_found'> {
  try {
    const { conversation } = await api.get<{ conversation: Conversation }>(
      `/api/conversations/${encodeURIComponent(id)}`,
    )
    return normalizeConversation(conversation)
  } catch (err) {
    if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return 'not_found'
    throw err
  }
}
