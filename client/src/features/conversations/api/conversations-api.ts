import { api } from '../../../lib/api-client'
import { useChatStore } from '../../../stores/chat-store'
import { reportError } from '../../../stores/report-error'
import type { Conversation } from '../../../types/api'

let inFlight: Promise<void> | null = null

/** (Re)load the conversation list; concurrent calls share one request. */
export function loadConversations(): Promise<void> {
  inFlight ??= fetchConversations().finally(() => {
    inFlight = null
  })
  return inFlight
}

async function fetchConversations(): Promise<void> {
  const store = useChatStore.getState()
  if (store.conversationsStatus !== 'loaded') store.conversationsLoading()
  try {
    const { conversations } = await api.get<{ conversations: Conversation[] }>('/api/conversations')
    if (useChatStore.getState().user) useChatStore.getState().conversationsLoaded(conversations)
  } catch (err) {
    useChatStore.getState().conversationsFailed()
    reportError(err, 'Cannot load conversations.')
  }
}
