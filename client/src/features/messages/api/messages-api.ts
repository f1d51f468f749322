import { PAGE_SIZE } from '../../../config/constants'
import { api } from '../../../lib/api-client'
import { useChatStore } from '../../../stores/chat-store'
import { reportError } from '../../../stores/report-error'
import type { MessagePage, MessageRules, Readers } from '../../../types/api'

const inFlight = new Set<string>()

function fetchPage(conversationId: string, before?: number): Promise<MessagePage> {
  return api.get<MessagePage>(`/api/conversations/${encodeURIComponent(conversationId)}/messages`, {
    before,
    limit: PAGE_SIZE,
  })
}

/** The newest page of a conversation (on open, after a reconnect). */
export async function loadLatest(conversationId: string): Promise<void> {
  const key = `latest:${conversationId}`
  if (inFlight.has(key)) return
  inFlight.add(key)
  const store = useChatStore.getState()
  if (store.threads[conversationId]?.status !== 'loaded') store.threadLoading(conversationId)
  try {
    const page = await fetchPage(conversationId)
    if (useChatStore.getState().user) useChatStore.getState().pageLoaded(conversationId, page, false)
  } catch (err) {
    useChatStore.getState().threadFailed(conversationId)
    reportError(err, 'Cannot load messages.')
  } finally {
    inFlight.delete(key)
  }
}

/** The page before the oldest loaded message (scrolled to the top). */
export async function loadOlder(conversationId: string): Promise<void> {
  const thread = useChatStore.getState().threads[conversationId]
  if (!thread || thread.nextBefore === null || thread.loadingOlder) return
  useChatStore.getState().olderLoading(conversationId)
  try {
    const page = await fetchPage(conversationId, thread.nextBefore)
    if (useChatStore.getState().user) useChatStore.getState().pageLoaded(conversationId, page, true)
  } catch (err) {
    useChatStore.getState().threadFailed(conversationId)
    reportError(err, 'Cannot load older messages.')
  }
}

/** Who of the other members has read message `seq`, and who has only received it. */
export function fetchReaders(conversationId: string, seq: number): Promise<Readers> {
  return api.get<Readers>(`/api/conversations/${encodeURIComponent(conversationId)}/messages/${seq}/readers`)
}

/** The server's rules for our messages (the edit window) into the store; on failure the
 *  default stays (the server still refuses a late edit with edit_window_passed). */
export async function loadMessageRules(): Promise<void> {
  try {
    const rules = await api.get<MessageRules>('/api/messages/rules')
    if (useChatStore.getState().user) useChatStore.getState().messageRulesLoaded(rules)
  } catch {
    // keep the default
  }
}
