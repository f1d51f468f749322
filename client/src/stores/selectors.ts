import type { Conversation } from '../types/api'
import type { PendingMessage } from './messages-slice'
import type { ChatState } from './types'

export const selectConversationWith =
  (peerId: string | undefined) =>
  (state: ChatState): Conversation | undefined =>
    peerId ? state.conversations.find((c) => c.other.id === peerId) : undefined

/** Unacknowledged messages to one user, oldest first (use with useShallow). */
export const selectPendingTo =
  (peerId: string | undefined) =>
  (state: ChatState): PendingMessage[] =>
    peerId
      ? Object.values(state.pending)
          .filter((p) => p.peer.id === peerId)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      : []
