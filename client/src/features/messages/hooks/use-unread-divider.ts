import { useState } from 'react'
import type { Conversation } from '../../../types/api'

/**
 * The read cursor as it was when the conversation was opened, if something was unread then: the
 * "new messages" divider stays put while the conversation gets read.
 */
export function useUnreadDivider(
  conversation: Pick<Conversation, 'unread' | 'read_seq'> | undefined,
): number | null {
  const [afterSeq, setAfterSeq] = useState<number | null | undefined>(undefined)
  // Captured during render, the first time the conversation is known (it may still be loading on open).
  if (afterSeq === undefined && conversation) {
    setAfterSeq(conversation.unread > 0 ? conversation.read_seq : null)
  }
  return afterSeq ?? null
}
