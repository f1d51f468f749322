import type { SliceCreator } from './types'

export interface PresenceState {
  /** Contacts online now (presence is only ever sent between contacts). */
  online: ReadonlySet<string>
  /** When contacts went offline, from presence events (newer than the conversation list's). */
  lastSeen: Readonly<Record<string, string>>
}

export interface PresenceSlice extends PresenceState {
  onlineUsersReceived: (userIds: string[]) => void
  presenceChanged: (userId: string, online: boolean, lastSeenAt?: string) => void
}

export const initialPresenceState = (): PresenceState => ({ online: new Set(), lastSeen: {} })

export const createPresenceSlice: SliceCreator<PresenceSlice> = (set) => ({
  ...initialPresenceState(),
  onlineUsersReceived: (userIds) => set({ online: new Set(userIds) }),
  presenceChanged: (userId, online, lastSeenAt) =>
    set((state) => {
      const lastSeen = lastSeenAt ? { ...state.lastSeen, [userId]: lastSeenAt } : state.lastSeen
      if (state.online.has(userId) === online) return lastSeen === state.lastSeen ? {} : { lastSeen }
      const next = new Set(state.online)
      if (online) next.add(userId)
      else next.delete(userId)
      return { online: next, lastSeen }
    }),
})
