import type { User } from '../types/api'
import { initialChangesState } from './changes-slice'
import { initialConnectionState } from './connection-slice'
import { initialConversationsState } from './conversations-slice'
import { initialMessagesState } from './messages-slice'
import { initialPresenceState } from './presence-slice'
import { initialSettingsState } from './settings-slice'
import { initialTypingState } from './typing-slice'
import type { SliceCreator } from './types'

/** `unknown` until /api/auth/me has answered once. */
export type AuthStatus = 'unknown' | 'anonymous' | 'authenticated'

export interface AuthState {
  user: User | null
  authStatus: AuthStatus
}

export interface AuthSlice extends AuthState {
  signedIn: (user: User) => void
  /** Our own profile changed (a new picture): the same user, new fields. */
  profileChanged: (user: User) => void
  /** Forget the user and all chat state (logout, expired session); toasts stay visible. */
  signedOut: () => void
}

export const initialAuthState: AuthState = { user: null, authStatus: 'unknown' }

export const createAuthSlice: SliceCreator<AuthSlice> = (set) => ({
  ...initialAuthState,
  signedIn: (user) => set({ user, authStatus: 'authenticated' }),
  profileChanged: (user) => set((state) => (state.user?.id === user.id ? { user } : {})),
  signedOut: () =>
    set({
      ...initialChangesState(),
      ...initialConnectionState,
      ...initialConversationsState,
      ...initialMessagesState,
      ...initialPresenceState(),
      ...initialSettingsState,
      ...initialTypingState(),
      user: null,
      authStatus: 'anonymous',
    }),
})
