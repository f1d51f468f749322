import type { Conversation, DeliveredEvent, ReadEvent, User } from '../types/api'
import { directWith } from './conversation-helpers'
import { startCursors } from './message-changes'
import { reconcileConversation, reconcileConversations, sortConversations } from './merge'
import type { SliceCreator } from './types'

export type LoadStatus = 'idle' | 'loading' | 'loaded' | 'error'

export interface ConversationsState {
  /** Newest first. */
  conversations: Conversation[]
  conversationsStatus: LoadStatus
}

export interface ConversationsSlice extends ConversationsState {
  conversationsLoading: () => void
  conversationsLoaded: (list: Conversation[]) => void
  conversationsFailed: () => void
  /** One conversation fetched by id (opened by its URL before the list had it). */
  conversationFetched: (conversation: Conversation) => void
  /** A `delivered` event: every other member received up to all_seq (the other member up to seq). */
  deliveredReceived: (event: DeliveredEvent) => void
  /** A `read` event: every other member read up to all_seq, or we did in another tab (`unread`). */
  readReceived: (event: ReadEvent) => void
  /** We are telling the server we read up to seq: the badge clears at once. */
  readMarked: (conversationId: string, seq: number) => void
  /** The server's answer to our `read`. */
  /** The server's answer to our `read` (`mentions`: the unread ones naming us, newer servers). */
  readAcked: (conversationId: string, seq: number, unread: number, mentions?: number) => void
  /** The server started or stopped sharing presence between us and `userId`. */
  presenceSharingChanged: (userId: string, shared: boolean) => void
  /** We blocked or unblocked `userId`: their conversation (if any) follows. */
  peerBlockChanged: (userId: string, blocked: boolean) => void
  /** We muted or unmuted a conversation. */
  mutedChanged: (conversationId: string, muted: boolean) => void
  /** A `user_updated` event: someone's name (ours too, from another tab) wherever it shows. */
  userUpdated: (user: User) => void
}

export const initialConversationsState: ConversationsState = {
  conversations: [],
  conversationsStatus: 'idle',
}

/**
 * How far every other member got, by a receipt: its all_seq; from an older server without it, the
 * mover's seq when the mover is a direct conversation's other member (0: tells nothing).
 */
function othersReached(c: Conversation, event: DeliveredEvent): number {
  if (event.all_seq !== undefined) return event.all_seq
  return c.kind === 'direct' && c.other.id === event.user_id ? event.seq : 0
}

export const createConversationsSlice: SliceCreator<ConversationsSlice> = (set, get) => {
  const patch = (id: string, fn: (c: Conversation) => Conversation) =>
    set((state) => {
      const i = state.conversations.findIndex((c) => c.id === id)
      const current = state.conversations[i]
      if (!current) return {}
      const updated = fn(current)
      if (updated === current) return {}
      return { conversations: state.conversations.map((c) => (c === current ? updated : c)) }
    })

  // Mentions are counted among the unread: none left unread, none left to show.
  const ownRead = (c: Conversation, seq: number, unread: number): Conversation =>
    seq < c.read_seq || (seq === c.read_seq && unread >= c.unread)
      ? c
      : { ...c, read_seq: seq, unread, unread_mentions: unread === 0 ? 0 : c.unread_mentions }

  const renamed = (c: Conversation, user: User): Conversation => {
    const fresh = <T extends User>(u: T): T => (u.id === user.id ? { ...u, ...user } : u)
    if (c.kind === 'direct') return c.other.id === user.id ? { ...c, other: fresh(c.other) } : c
    const known =
      c.members.some((m) => m.user.id === user.id) || c.former_members.some((u) => u.id === user.id)
    if (!known) return c
    return {
      ...c,
      members: c.members.map((m) => ({ ...m, user: fresh(m.user) })),
      former_members: c.former_members.map(fresh),
    }
  }

  return {
    ...initialConversationsState,
    conversationsLoading: () => set({ conversationsStatus: 'loading' }),
    conversationsLoaded: (list) =>
      set((state) => ({
        conversations: reconcileConversations(list, state.conversations),
        conversationsStatus: 'loaded',
        changeCursors: startCursors(state.changeCursors, list, (id) => state.threads[id]?.messages),
      })),
    conversationsFailed: () => set({ conversationsStatus: 'error' }),
    conversationFetched: (fresh) =>
      set((state) => {
        const local = state.conversations.find((c) => c.id === fresh.id)
        const merged = reconcileConversation(fresh, local)
        const others = state.conversations.filter((c) => c.id !== fresh.id)
        return {
          conversations: sortConversations([merged, ...others]),
          changeCursors: startCursors(state.changeCursors, [fresh], (id) => state.threads[id]?.messages),
        }
      }),
    deliveredReceived: (event) =>
      patch(event.conversation_id, (c) => {
        const seq = othersReached(c, event)
        return seq > c.peer_delivered_seq ? { ...c, peer_delivered_seq: seq } : c
      }),
    readReceived: (event) =>
      patch(event.conversation_id, (c) => {
        if (event.unread !== undefined && event.user_id === get().user?.id) {
          return ownRead(c, event.seq, event.unread)
        }
        const seq = othersReached(c, event)
        if (seq <= c.peer_read_seq) return c
        return { ...c, peer_read_seq: seq, peer_delivered_seq: Math.max(c.peer_delivered_seq, seq) }
      }),
    // Only the server's answer moves read_seq: a read that never arrives must be sent again.
    readMarked: (id, seq) =>
      patch(id, (c) => {
        const unread = seq >= c.last_seq ? 0 : Math.min(c.unread, c.last_seq - seq)
        if (seq <= c.read_seq || unread === c.unread) return c
        return { ...c, unread, unread_mentions: unread === 0 ? 0 : c.unread_mentions }
      }),
    readAcked: (id, seq, unread, mentions) =>
      patch(id, (c) =>
        seq >= c.read_seq
          ? {
              ...c,
              read_seq: seq,
              unread,
              unread_mentions: mentions ?? (unread === 0 ? 0 : c.unread_mentions),
            }
          : c,
      ),
    presenceSharingChanged: (userId, shared) => {
      const conversation = directWith(get().conversations, userId)
      if (conversation) {
        patch(conversation.id, (c) =>
          c.kind !== 'direct' || c.presence_shared === shared ? c : { ...c, presence_shared: shared },
        )
      }
    },
    peerBlockChanged: (userId, blocked) => {
      const conversation = directWith(get().conversations, userId)
      if (conversation) {
        patch(conversation.id, (c) => (c.kind !== 'direct' || c.blocked === blocked ? c : { ...c, blocked }))
      }
    },
    mutedChanged: (id, muted) => patch(id, (c) => (c.muted === muted ? c : { ...c, muted })),
    userUpdated: (user) =>
      set((state) => {
        const conversations = state.conversations.map((c) => renamed(c, user))
        const changed = conversations.some((c, i) => c !== state.conversations[i])
        const me = state.user?.id === user.id ? { user: { ...state.user, ...user } } : {}
        return changed ? { conversations, ...me } : me
      }),
  }
}
