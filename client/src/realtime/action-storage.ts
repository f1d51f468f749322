import type { PendingAction } from '../stores/message-changes'
import { persistList, readList, type KeyValueStorage, type SavedList } from './saved-list'

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

const actionList: SavedList<PendingAction> = {
  key: actionsKey,
  parse: (saved) => saved.filter(isAction).map((a) => ({ ...a, attempts: 0 })),
  id: (a) => a.id,
}

/** The saved actions of `userId`, each with a fresh budget of attempts. */
export function readActions(storage: KeyValueStorage, userId: string): PendingAction[] {
  return readList(storage, actionList, userId)
}

/** Restore the queue on sign-in and save it on every change; returns the unsubscribe. */
export function persistActions(storage: KeyValueStorage): () => void {
  return persistList(
    storage,
    actionList,
    (state) => state.actions,
    (state, saved) => state.actionsRestored(saved),
  )
}
