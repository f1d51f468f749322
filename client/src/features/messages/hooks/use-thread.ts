import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { selectConversationWith, selectCursorsWith, selectPendingTo } from '../../../stores/selectors'
import { useChatStore } from '../../../stores/chat-store'
import { loadLatest } from '../api/messages-api'

/** The open conversation with `peerId`: stored messages (fetched on first open), pending ones, cursors. */
export function useThread(peerId: string) {
  const conversationId = useChatStore((s) => selectConversationWith(peerId)(s)?.id ?? null)
  const thread = useChatStore((s) => (conversationId ? s.threads[conversationId] : undefined))
  const pending = useChatStore(useShallow(selectPendingTo(peerId)))
  const cursors = useChatStore(useShallow(selectCursorsWith(peerId)))
  const status = thread?.status ?? 'idle'

  useEffect(() => {
    if (conversationId && status === 'idle') void loadLatest(conversationId)
  }, [conversationId, status])

  return {
    conversationId,
    messages: thread?.messages ?? [],
    pending,
    /** Unread count, our read cursor and the other member's receipts; undefined without a conversation. */
    cursors,
    // A user we never talked to has no conversation yet: nothing to load.
    status: conversationId ? status : 'loaded',
    nextBefore: thread?.nextBefore ?? null,
    loadingOlder: thread?.loadingOlder ?? false,
  }
}
