import { useChatStore, type ChatState } from '../stores/chat-store'

/** The part of Web Storage the saved lists need: localStorage in the app, a Map in tests. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** How one kind of list (outbox, action queue) is kept in storage: one list per signed-in user. */
export interface SavedList<T extends { order: number }> {
  key: (userId: string) => string
  /** The readable entries of a parsed list, as the store holds them. */
  parse: (saved: unknown[]) => T[]
  /** The stored form of an entry (the entry itself when absent). */
  save?: (entry: T) => unknown
  id: (entry: T) => string
}

/** The saved list of `userId`; empty when missing or unreadable. */
export function readList<T extends { order: number }>(
  storage: KeyValueStorage,
  list: SavedList<T>,
  userId: string,
): T[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(storage.getItem(list.key(userId)) ?? '[]')
  } catch {
    return []
  }
  return Array.isArray(parsed) ? list.parse(parsed) : []
}

/**
 * Save `entries`, keeping saved entries whose id this tab never had: another tab of the same user
 * wrote them and is the one to remove them.
 */
export function writeList<T extends { order: number }>(
  storage: KeyValueStorage,
  list: SavedList<T>,
  userId: string,
  entries: readonly T[],
  ownIds: ReadonlySet<string>,
): void {
  const others = readList(storage, list, userId).filter((e) => !ownIds.has(list.id(e)))
  const all = [...entries, ...others].sort((a, b) => a.order - b.order)
  try {
    if (all.length === 0) storage.removeItem(list.key(userId))
    else storage.setItem(list.key(userId), JSON.stringify(list.save ? all.map(list.save) : all))
  } catch {
    // Full or disabled storage: the list still works until the page is closed.
  }
}

/**
 * Restore the list on sign-in (`restore`) and save it whenever `entriesOf` the store changes;
 * returns the unsubscribe.
 */
export function persistList<T extends { order: number }>(
  storage: KeyValueStorage,
  list: SavedList<T>,
  entriesOf: (state: ChatState) => Record<string, T>,
  restore: (state: ChatState, saved: T[]) => void,
): () => void {
  const ownIds = new Set<string>()
  return useChatStore.subscribe((state, prev) => {
    const user = state.user
    if (!user) {
      ownIds.clear()
      return
    }
    if (user.id !== prev.user?.id) {
      const saved = readList(storage, list, user.id)
      saved.forEach((e) => ownIds.add(list.id(e)))
      if (saved.length > 0) restore(state, saved)
      return
    }
    const entries = entriesOf(state)
    if (entries === entriesOf(prev)) return
    Object.keys(entries).forEach((id) => ownIds.add(id))
    writeList(storage, list, user.id, Object.values(entries), ownIds)
  })
}
