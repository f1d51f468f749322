import type { Conversation, User } from '../types/api'
import { sortConversations } from './merge'
import type { SliceCreator } from './types'

export type LoadStatus = 'idle' | 'loading' | 'loaded' | 'error'

export interface ConversationsState {
  /** Newest first. */
  conversations: Conversation[]
  conversationsStatus: LoadStatus
  /** The user whose conversation is open; it may not exist yet (first message not sent). */
  activePeer: User | null
}

export interface ConversationsSlice extends ConversationsState {
  conversationsLoading: () => void
  conversationsLoaded: (list: Conversation[]) => void
  conversationsFailed: () => void
  openPeer: (user: User) => void
  closePeer: () => void
}

/** A reloaded list may predate a new_message that arrived while it was in flight. */
function keepNewerLast(fresh: Conversation[], current: Conversation[]): Conversation[] {
  const known = new Map(current.map((c) => [c.id, c]))
  return sortConversations(
    fresh.map((c) => {
      const local = known.get(c.id)
      const localSeq = local?.last_message?.seq ?? -1
      return local && localSeq > (c.last_message?.seq ?? -1)
        ? { ...c, last_message: local.last_message, updated_at: local.updated_at }
        : c
    }),
  )
}

export const initialConversationsState: ConversationsState = {
  conversations: [],
  conversationsStatus: 'idle',
  activePeer: null,
}

export const createConversationsSlice: SliceCreator<ConversationsSlice> = (set) => ({
  ...initialConversationsState,
  conversationsLoading: () => set({ conversationsStatus: 'loading' }),
  conversationsLoaded: (list) =>
    set((state) => ({
      conversations: keepNewerLast(list, state.conversations),
      conversationsStatus: 'loaded',
    })),
  conversationsFailed: () => set({ conversationsStatus: 'error' }),
  openPeer: (user) => set({ activePeer: user }),
  closePeer: () => set({ activePeer: null }),
})
