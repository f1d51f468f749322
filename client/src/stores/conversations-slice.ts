import type { Conversation, DeliveredEvent, ReadEvent } from '../types/api'
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
  /** A `delivered` event: the other member received up to seq. */
  deliveredReceived: (event: DeliveredEvent) => void
  /** A `read` event: the other member read up to seq, or we did in another tab. */
  readReceived: (event: ReadEvent) => void
  /** We are telling the server we read up to seq: the badge clears at once. */
  readMarked: (conversationId: string, seq: number) => void
  /** The server's answer to our `read`. */
  readAcked: (conversationId: string, seq: number, unread: number) => void
  /** The server started or stopped sharing presence between us and `userId`. */
  presenceSharingChanged: (userId: string, shared: boolean) => void
  /** We blocked or unblocked `userId`: their conversation (if any) follows. */
  peerBlockChanged: (userId: string, blocked: boolean) => void
}

export const initialConversationsState: ConversationsState = {
  conversations: [],
  conversationsStatus: 'idle',
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

  const ownRead = (c: Conversation, seq: number, unread: number): Conversation =>
    seq < c.read_seq || (seq === c.read_seq && unread >= c.unread) ? c : { ...c, read_seq: seq, unread }

  return {
    ...initialConversationsState,
    conversationsLoading: () => set({ conversationsStatus: 'loading' }),
    conversationsLoaded: (list) =>
      set((state) => ({
        conversations: reconcileConversations(list, state.conversations),
        conversationsStatus: 'loaded',
      })),
    conversationsFailed: () => set({ conversationsStatus: 'error' }),
    conversationFetched: (fresh) =>
      set((state) => {
        const local = state.conversations.find((c) => c.id === fresh.id)
        const merged = reconcileConversation(fresh, local)
        const others = state.conversations.filter((c) => c.id !== fresh.id)
        return { conversations: sortConversations([merged, ...others]) }
      }),
    deliveredReceived: ({ conversation_id, user_id, seq }) =>
      patch(conversation_id, (c) =>
        c.other.id === user_id && seq > c.peer_delivered_seq ? { ...c, peer_delivered_seq: seq } : c,
      ),
    readReceived: ({ conversation_id, user_id, seq, unread }) =>
      patch(conversation_id, (c) => {
        if (user_id === get().user?.id) return ownRead(c, seq, unread)
        if (c.other.id !== user_id || seq <= c.peer_read_seq) return c
        return { ...c, peer_read_seq: seq, peer_delivered_seq: Math.max(c.peer_delivered_seq, seq) }
      }),
    // Only the server's answer moves read_seq: a read that never arrives must be sent again.
    readMarked: (id, seq) =>
      patch(id, (c) => {
        const unread = seq >= c.last_seq ? 0 : Math.min(c.unread, c.last_seq - seq)
        return seq <= c.read_seq || unread === c.unread ? c : { ...c, unread }
      }),
    readAcked: (id, seq, unread) =>
      patch(id, (c) => (seq >= c.read_seq ? { ...c, read_seq: seq, unread } : c)),
    presenceSharingChanged: (userId, shared) => {
      const conversation = get().conversations.find((c) => c.other.id === userId)
      if (conversation) {
        patch(conversation.id, (c) => (c.presence_shared === shared ? c : { ...c, presence_shared: shared }))
      }
    },
    peerBlockChanged: (userId, blocked) => {
      const conversation = get().conversations.find((c) => c.other.id === userId)
      if (conversation) patch(conversation.id, (c) => (c.blocked === blocked ? c : { ...c, blocked }))
    },
  }
}
