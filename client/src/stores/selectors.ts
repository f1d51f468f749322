import type { Conversation } from '../types/api'
import type { PendingMessage } from './messages-slice'
import type { ChatState } from './types'

export const selectConversationWith =
  (peerId: string | undefined) =>
  (state: ChatState): Conversation | undefined =>
    peerId ? state.conversations.find((c) => c.other.id === peerId) : undefined

export type ConversationCursors = Pick<
  Conversation,
  'unread' | 'read_seq' | 'peer_read_seq' | 'peer_delivered_seq'
>

/** The counts and cursors of the conversation with one user (use with useShallow). */
export const selectCursorsWith =
  (peerId: string | undefined) =>
  (state: ChatState): ConversationCursors | undefined => {
    const c = selectConversationWith(peerId)(state)
    return (
      c && {
        unread: c.unread,
        read_seq: c.read_seq,
        peer_read_seq: c.peer_read_seq,
        peer_delivered_seq: c.peer_delivered_seq,
      }
    )
  }

/** The outbox in the order typed. */
export function outboxInOrder(pending: Record<string, PendingMessage>): PendingMessage[] {
  return Object.values(pending).sort((a, b) => a.order - b.order)
}

/** Unacknowledged messages to one user, in the order typed (use with useShallow). */
export const selectPendingTo =
  (peerId: string | undefined) =>
  (state: ChatState): PendingMessage[] =>
    peerId ? outboxInOrder(state.pending).filter((p) => p.peer.id === peerId) : []

/** Unread messages over all conversations (the tab title). */
export const selectUnreadTotal = (state: ChatState): number =>
  state.conversations.reduce((sum, c) => sum + Math.max(0, c.unread), 0)
