import { navigate, paths } from '../../../app/router'
import { useChatStore } from '../../../stores/chat-store'
import { jumpToMessage } from '../../messages/api/jump-to-message'
import type { SearchHit } from './search-api'

/** How long the conversation's newest page may take before the jump is given up. */
const LOAD_TIMEOUT_MS = 10_000

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()))

function threadLoaded(conversationId: string): Promise<boolean> {
  const loaded = () => useChatStore.getState().threads[conversationId]?.status === 'loaded'
  if (loaded()) return Promise.resolve(true)
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer)
      unsubscribe()
      resolve(ok)
    }
    const timer = setTimeout(() => done(false), LOAD_TIMEOUT_MS)
    const unsubscribe = useChatStore.subscribe(() => {
      if (loaded()) done(true)
    })
  })
}

/**
 * Open the hit's conversation and show the message in context: once the newest page is there,
 * older pages load until the message is (as a reply quote's jump does), then it is highlighted.
 */
export async function openSearchHit(hit: SearchHit): Promise<void> {
  const store = useChatStore.getState()
  if (!store.conversations.some((c) => c.id === hit.conversation_id)) {
    store.conversationFetched(hit.conversation) // beyond the loaded list: no second fetch
  }
  navigate(paths.conversation(hit.conversation_id))
  if (!(await threadLoaded(hit.conversation_id))) return
  await nextFrame() // the page renders before the jump looks for the message
  await jumpToMessage(hit.conversation_id, hit)
}
