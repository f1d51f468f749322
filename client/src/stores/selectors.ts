import type { Conversation, DirectConversation } from '../types/api'
import { directWith } from './conversation-helpers'
import type { PendingAction } from './message-changes'
import type { PendingMessage } from './messages-slice'
import type { ChatState } from './types'

export const selectConversation =
  (id: string | null | undefined) =>
  (state: ChatState): Conversation | undefined =>
    id ? state.conversations.find((c) => c.id === id) : undefined

/** The direct conversation with one user, if any. */
export const selectConversationWith =
  (peerId: string | undefined) =>
  (state: ChatState): DirectConversation | undefined =>
    directWith(state.conversations, peerId)

export type ConversationCursors = Pick<
  Conversation,
  'unread' | 'read_seq' | 'peer_read_seq' | 'peer_delivered_seq'
>

/** The counts and cursors of one conversation (use with useShallow). */
export const selectCursors =
  (id: string | null | undefined) =>
  (state: ChatState): ConversationCursors | undefined => {
    const c = selectConversation(id)(state)
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

/** What a pane shows: a conversation (direct ones also through their other member), or a draft. */
export interface ThreadKey {
  conversationId: string | null
  /** The other member of a direct conversation or a draft; null for a group. */
  peerId: string | null
}

/**
 * Unacknowledged messages of one conversation, in the order typed (use with useShallow). A message
 * typed in a draft, before the first one created the conversation, belongs to it too.
 */
export const selectPendingIn =
  ({ conversationId, peerId }: ThreadKey) =>
  (state: ChatState): PendingMessage[] =>
    outboxInOrder(state.pending).filter(
      (p) =>
        (conversationId !== null && p.conversationId === conversationId) ||
        (peerId !== null && p.conversationId === null && p.peer?.id === peerId),
    )

/** Unread messages over all conversations (the tab title): of a muted one, only those naming us. */
export const selectUnreadTotal = (state: ChatState): number =>
  state.conversations.reduce((sum, c) => sum + Math.max(0, c.muted ? c.unread_mentions : c.unread), 0)

/** Our actions (edits, deletions, reactions) waiting in one conversation, in order (use with useShallow). */
export const selectActionsIn =
  (conversationId: string | null) =>
  (state: ChatState): PendingAction[] =>
    conversationId === null
      ? []
      : Object.values(state.actions)
          .filter((a) => a.conversationId === conversationId)
          .sort((a, b) => a.order - b.order)
