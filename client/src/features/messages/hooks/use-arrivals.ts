import { useEffect, useState } from 'react'
import { useChatStore } from '../../../stores/chat-store'
import { highestSeq } from '../../../stores/merge'
import type { Thread } from '../../../stores/messages-slice'
import type { Message } from '../../../types/api'

/** How many announcements stay in the live region (only additions are read out). */
const KEPT = 3

/**
 * The other member's messages that arrived between two states of a thread: newer than anything it
 * held before. Nothing while its first page loads, and never an older page: that is history.
 */
export function newArrivals(before: Thread | undefined, after: Thread | undefined, myId: string): Message[] {
  if (!before || !after || before === after) return []
  if (before.status !== 'loaded' && before.messages.length === 0) return []
  const seen = highestSeq(before.messages)
  return after.messages.filter((m) => m.seq > seen && m.sender_id !== myId)
}

export interface Arrival {
  id: string
  message: Message
}

/** The latest messages that arrived in this conversation while it is open, for a live region. */
export function useArrivals(conversationId: string | null, myId: string): Arrival[] {
  const [arrivals, setArrivals] = useState<Arrival[]>([])
  useEffect(() => {
    if (!conversationId) return
    return useChatStore.subscribe((state, prev) => {
      const fresh = newArrivals(prev.threads[conversationId], state.threads[conversationId], myId)
      if (fresh.length === 0) return
      setArrivals((said) => [...said, ...fresh.map((m) => ({ id: m.id, message: m }))].slice(-KEPT))
    })
  }, [conversationId, myId])
  return arrivals
}
