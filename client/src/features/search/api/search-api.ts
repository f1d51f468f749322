import { SEARCH_LIMIT } from '../../../config/constants'
import { api } from '../../../lib/api-client'
import type { Conversation, Message } from '../../../types/api'

/** A message found by words, with its conversation as the list shows it. */
export type SearchHit = Message & { conversation: Conversation }

export interface SearchPage {
  messages: SearchHit[]
  /** Pass as `before` for the next older page; null on the last one. */
  next_before: string | null
}

/** The user's messages with every word of q (the last one a prefix), newest first. */
export function searchMessages(q: string, signal?: AbortSignal, before?: string): Promise<SearchPage> {
  return api.get<SearchPage>('/api/search', { q, before, limit: SEARCH_LIMIT }, signal)
}
