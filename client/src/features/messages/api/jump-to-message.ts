import { useChatStore } from '../../../stores/chat-store'
import type { ReplyQuote } from '../../../types/api'
import { loadOlder } from './messages-api'

/** How long the message a quote leads to stays highlighted. */
const FLASH_MS = 1500
/** Enough for many pages of history; each wait is one frame or one page. */
const MAX_STEPS = 200

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()))

function find(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(
    `[data-testid=message-list] [data-message-id="${CSS.escape(id)}"]`,
  )
}

/**
 * Scroll to a message (the one a reply quotes, a search found), loading older pages until it is
 * there (or the start of the conversation is), then highlight it and give it focus.
 */
export async function jumpToMessage(conversationId: string, message: Pick<ReplyQuote, 'id'>): Promise<void> {
  const id = message.id
  if (!id) return
  for (let step = 0; !find(id) && step < MAX_STEPS; step++) {
    const thread = useChatStore.getState().threads[conversationId]
    if (!thread || (thread.nextBefore === null && !thread.loadingOlder)) break
    if (!thread.loadingOlder) await loadOlder(conversationId)
    await nextFrame()
  }
  const target = find(id)
  if (!target) {
    useChatStore.getState().pushToast('That message is not in this conversation any more.', 'info')
    return
  }
  target.scrollIntoView({ block: 'center' })
  target.focus({ preventScroll: true })
  target.dataset.flash = 'true'
  setTimeout(() => delete target.dataset.flash, FLASH_MS)
}
