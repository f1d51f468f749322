import { useChatStore } from '../stores/chat-store'
import type { PendingAction } from '../stores/message-changes'
import type { KeyValueStorage } from './outbox-storage'

/** Edits, deletions and reactions waiting for the server, one list per signed-in user. */
export function actionsKey(userId: string): string {
  return `chat.actions.v1.${userId}`
}

function isAction(value: unknown): value is PendingAction {
  if (!value || typeof value !== 'object') return false
  const a = value as Partial<PendingAction> & Record<string, unknown>
  const common =
    typeof a.id === 'string' &&
    typeof a.messageId === 'string' &&
    typeof a.conversationId === 'string' &&
    typeof a.at === 'string' &&
    typeof a.order === 'number'
  if (!common) return false
  if (a.kind === 'edit') return typeof a.text === 'string'
  if (a.kind === 'react') return typeof a.emoji === 'string' && typeof a.on === 'boolean'
  return a.kind === 'delete'
}

/** The saved actions of `userId`, each with a fresh budget of attempts. */
export function readActions(storage: KeyValueStorage, userId: string): PendingAction[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(storage.getItem(actionsKey(userId)) ?? '[]')
  } catch {
    return []
  }
  return Array.isArray(parsed) ? parsed.filter(isAction).map((a) => ({ ...a, attempts: 0 })) : []
}

/** Save `entries`, keeping saved ones this tab never had: another tab wrote them and removes them. */
export function writeActions(
  storage: KeyValueStorage,
  userId: string,
  entries: readonly PendingAction[],
  ownIds: ReadonlySet<string>,
): void {
  const others = readActions(storage, userId).filter((a) => !ownIds.has(a.id))
  const all = [...entries, ...others].sort((a, b) => a.order - b.order)
  try {
    if (all.length === 0) storage.removeItem(actionsKey(userId))
    else storage.setItem(actionsKey(userId), JSON.stringify(all))
  } catch {
    // Full or disabled storage: the queue still works until the page is closed.
  }
}

/** Restore the queue on sign-in and save it on every change; returns the unsubscribe. */
export function persistActions(storage: KeyValueStorage): () => void {
  const ownIds = new Set<string>()
  return useChatStore.subscribe((state, prev) => {
    const user = state.user
    if (!user) {
      ownIds.clear()
      return
    }
    if (user.id !== prev.user?.id) {
      const saved = readActions(storage, user.id)
      saved.forEach((a) => ownIds.add(a.id))
      if (saved.length > 0) state.actionsRestored(saved)
      return
    }
    if (state.actions === prev.actions) return
    Object.keys(state.actions).forEach((id) => ownIds.add(id))
    writeActions(storage, user.id, Object.values(state.actions), ownIds)
  })
}
