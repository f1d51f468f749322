import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useChatStore } from '../../../stores/chat-store'
import { selectActionsIn, selectCursors, selectPendingIn } from '../../../stores/selectors'
import { loadLatest } from '../api/messages-api'

/**
 * The open conversation (or a draft to `peerId` that has none yet): stored messages (fetched on
 * first open), pending ones, cursors.
 */
export function useThread(conversationId: string | null, peerId: string | null) {
  const thread = useChatStore((s) => (conversationId ? s.threads[conversationId] : undefined))
  const pending = useChatStore(useShallow(selectPendingIn({ conversationId, peerId })))
  const cursors = useChatStore(useShallow(selectCursors(conversationId)))
  const actions = useChatStore(useShallow(selectActionsIn(conversationId)))
  const status = thread?.status ?? 'idle'

  useEffect(() => {
    if (conversationId && status === 'idle') void loadLatest(conversationId)
  }, [conversationId, status])

  return {
    messages: thread?.messages ?? [],
    pending,
    /** Our edits, deletions and reactions here that wait for the server. */
    actions,
    /** Unread count, our read cursor and the others' receipts; undefined without a conversation. */
    cursors,
    // A user we never talked to has no conversation yet: nothing to load.
    status: conversationId ? status : 'loaded',
    nextBefore: thread?.nextBefore ?? null,
    loadingOlder: thread?.loadingOlder ?? false,
  }
}
