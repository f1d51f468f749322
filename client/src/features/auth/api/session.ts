import { ApiError } from '../../../lib/api-client'
import { startSessionKeeper, type SessionKeeper } from '../../../lib/session-keeper'
import { connectSocket, disconnectSocket, getSocket, reconnectNow } from '../../../lib/socket'
import { useChatStore } from '../../../stores/chat-store'
import { reportError } from '../../../stores/report-error'
import type { SignedIn } from '../../../types/api'
import { authApi, type LoginInput, type PasswordChangeInput, type SignupInput } from './auth-api'

const signedIn = () => useChatStore.getState().authStatus === 'authenticated'

let keeper: SessionKeeper | null = null

/** Started on first use, not at import (it listens on window). */
function sessionKeeper(): SessionKeeper {
  keeper ??= startSessionKeeper({
    ended: () => sessionExpired(),
    // A socket refused while the access token had expired connects with the new cookie.
    refreshed: () => {
      if (signedIn() && !getSocket().connected) connectSocket()
    },
  })
  return keeper
}

/** Toasts of the screen being left (a failed attempt, a blocked user) do not follow the user. */
function startSession({ user, session }: SignedIn): void {
  sessionKeeper().timesReceived(session)
  const store = useChatStore.getState()
  store.clearToasts()
  store.signedIn(user)
  connectSocket()
}

function endSession(): void {
  keeper?.stop()
  disconnectSocket()
  const store = useChatStore.getState()
  store.clearToasts()
  store.signedOut()
}

export async function login(input: LoginInput): Promise<void> {
  startSession(await authApi.login(input))
}

export async function signup(input: SignupInput): Promise<void> {
  startSession(await authApi.signup(input))
}

/** Every other session of the user ends; this one goes on with new cookies, its sockets open. */
export async function changePassword(input: PasswordChangeInput): Promise<void> {
  const { session } = await authApi.changePassword(input)
  sessionKeeper().timesReceived(session)
  reconnectNow()
}

export async function logout(): Promise<void> {
  let failure: unknown = null
  try {
    await authApi.logout()
  } catch (err) {
    // Already signed out on the server (401) is what we wanted anyway.
    if (!(err instanceof ApiError && err.status === 401)) failure = err
  }
  endSession()
  // Told after the chat's toasts are gone, so it shows on the sign-in page.
  if (failure) reportError(failure, 'Sign-out failed.')
}

/** On page load: the cookie may still hold a session. */
export async function restoreSession(): Promise<void> {
  try {
    startSession(await authApi.me())
  } catch (err) {
    useChatStore.getState().signedOut()
    reportError(err, 'Cannot restore the session.')
  }
}

export function sessionExpired(): void {
  if (useChatStore.getState().authStatus !== 'authenticated') return
  endSession()
  useChatStore.getState().pushToast('Your session has ended. Please sign in again.', 'info')
}

/** After the socket was refused: signed out → end the session, otherwise try again later. */
export async function checkSession(): Promise<'valid' | 'expired' | 'unknown'> {
  try {
    await authApi.me()
    return 'valid'
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      sessionExpired()
      return 'expired'
    }
    return 'unknown'
  }
}
