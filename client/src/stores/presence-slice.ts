import type { SliceCreator } from './types'

export interface PresenceState {
  online: ReadonlySet<string>
}

export interface PresenceSlice extends PresenceState {
  onlineUsersReceived: (userIds: string[]) => void
  presenceChanged: (userId: string, online: boolean) => void
}

export const initialPresenceState = (): PresenceState => ({ online: new Set() })

export const createPresenceSlice: SliceCreator<PresenceSlice> = (set) => ({
  ...initialPresenceState(),
  onlineUsersReceived: (userIds) => set({ online: new Set(userIds) }),
  presenceChanged: (userId, online) =>
    set((state) => {
      if (state.online.has(userId) === online) return {}
      const next = new Set(state.online)
      if (online) next.add(userId)
      else next.delete(userId)
      return { online: next }
    }),
})
