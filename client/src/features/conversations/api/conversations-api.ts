import { api, ApiError } from '../../../lib/api-client'
import { useChatStore } from '../../../stores/chat-store'
import { reportError } from '../../../stores/report-error'
import type {
  Contact,
  Conversation,
  DirectConversation,
  GroupConversation,
  GroupMember,
  Message,
  Role,
  User,
} from '../../../types/api'

let inFlight: Promise<void> | null = null

/** A conversation as a server may send it: older ones lack kind, left and the cursor fields. */
export type RawConversation = { id: string } & Partial<
  Record<keyof DirectConversation | keyof GroupConversation, unknown>
>

const ROLES: readonly string[] = ['owner', 'admin', 'member']
/** Who a server could not name (a deleted account). */
const UNKNOWN_USER: User = {
  id: '',
  username: 'unknown',
  full_name: 'Unknown user',
  gender: null,
  avatar_url: null,
}

function isUser(value: unknown): value is User {
  return !!value && typeof value === 'object' && typeof (value as User).id === 'string'
}

/** Cursor fields default to 0 / the last message, so an older server still gives a usable list. */
export function normalizeConversation(raw: RawConversation): Conversation {
  const last = (raw.last_message as Message | null | undefined) ?? null
  const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback)
  const base = {
    id: raw.id,
    left: raw.left === true,
    last_message: last,
    updated_at:
      typeof raw.updated_at === 'string' ? raw.updated_at : (last?.created_at ?? new Date(0).toISOString()),
    last_seq: num(raw.last_seq, last?.seq ?? 0),
    unread: num(raw.unread),
    read_seq: num(raw.read_seq),
    peer_read_seq: num(raw.peer_read_seq),
    peer_delivered_seq: num(raw.peer_delivered_seq),
    unread_mentions: num(raw.unread_mentions),
    last_change: num(raw.last_change),
    muted: raw.muted === true,
  }
  if (raw.kind === 'group') {
    const members = Array.isArray(raw.members) ? (raw.members as Partial<GroupMember>[]) : []
    const role = typeof raw.my_role === 'string' && ROLES.includes(raw.my_role) ? (raw.my_role as Role) : null
    return {
      ...base,
      kind: 'group',
      title: typeof raw.title === 'string' ? raw.title : '',
      my_role: base.left ? null : role,
      // A member whose account is gone comes as null: nobody to show.
      members: members.flatMap((m) =>
        isUser(m?.user)
          ? [{ user: m.user, role: ROLES.includes(m.role ?? '') ? (m.role as Role) : 'member' }]
          : [],
      ),
      former_members: Array.isArray(raw.former_members) ? raw.former_members.filter(isUser) : [],
    }
  }
  const other: Partial<Contact> & User = isUser(raw.other) ? raw.other : UNKNOWN_USER
  return {
    ...base,
    kind: 'direct',
    other: { ...other, last_seen_at: typeof other.last_seen_at === 'string' ? other.last_seen_at : null },
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
    const { conversations } = await api.get<{ conversations: RawConversation[] }>('/api/conversations')
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
    const { conversation } = await api.get<{ conversation: RawConversation }>(
      `/api/conversations/${encodeURIComponent(id)}`,
    )
    return normalizeConversation(conversation)
  } catch (err) {
    if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return 'not_found'
    throw err
  }
}

/** conversation_id → whether another refresh was asked for while one is out. */
const refreshing = new Map<string, boolean>()

/**
 * Fetch one conversation again (a system message changed its title, members or our role); asked
 * again while a fetch is out, it fetches once more afterwards so the newest change is not missed.
 */
export async function refreshConversation(id: string): Promise<void> {
  if (refreshing.has(id)) {
    refreshing.set(id, true)
    return
  }
  refreshing.set(id, false)
  try {
    for (;;) {
      const found = await fetchConversation(id)
      if (found !== 'not_found' && useChatStore.getState().user) {
        useChatStore.getState().conversationFetched(found)
      }
      if (!refreshing.get(id)) break
      refreshing.set(id, false)
    }
  } catch (err) {
    reportError(err, 'Cannot update this conversation.')
  } finally {
    refreshing.delete(id)
  }
}

/** Mute or unmute one conversation for us (our other tabs hear of it by membership_updated). */
export async function setMuted(id: string, muted: boolean): Promise<void> {
  const { conversation } = await api.patch<{ conversation: RawConversation }>(
    `/api/conversations/${encodeURIComponent(id)}/membership`,
    { muted },
  )
  if (useChatStore.getState().user) useChatStore.getState().mutedChanged(id, conversation.muted === true)
}
