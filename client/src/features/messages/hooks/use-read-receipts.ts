import { useCallback, useEffect } from 'react'
import { markRead } from '../../../realtime/receipts'
import { useChatStore } from '../../../stores/chat-store'

/**
 * Mark the open conversation read up to its newest message while that message can be seen: the tab
 * is visible, the list is scrolled to the bottom and the socket is caught up.
 */
export function useReadReceipts(conversationId: string | null, newestSeq: number, atBottom: boolean): void {
  const online = useChatStore((s) => s.connection === 'online')

  const check = useCallback(() => {
    if (!conversationId || newestSeq <= 0 || !atBottom || !online) return
    if (document.visibilityState === 'visible') markRead(conversationId, newestSeq)
  }, [conversationId, newestSeq, atBottom, online])

  useEffect(check, [check])

  useEffect(() => {
    document.addEventListener('visibilitychange', check)
    window.addEventListener('focus', check)
    return () => {
      document.removeEventListener('visibilitychange', check)
      window.removeEventListener('focus', check)
    }
  }, [check])
}
