import { ApiError } from '../../../lib/api-client'
import { connectSocket, disconnectSocket } from '../../../lib/socket'
import { useChatStore } from '../../../stores/chat-store'
import { reportError } from '../../../stores/report-error'
import type { User } from '../../../types/api'
import { authApi, type LoginInput, type SignupInput } from './auth-api'

function startSession(user: User): void {
  useChatStore.getState().signedIn(user)
  connectSocket()
}

function endSession(): void {
  disconnectSocket()
  useChatStore.getState().signedOut()
}

export async function login(input: LoginInput): Promise<void> {
  const { user } = await authApi.login(input)
  startSession(user)
}

export async function signup(input: SignupInput): Promise<void> {
  const { user } = await authApi.signup(input)
  startSession(user)
}

export async function logout(): Promise<void> {
  try {
    await authApi.logout()
  } catch (err) {
    // Already signed out on the server (401) is what we wanted anyway.
    if (!(err instanceof ApiError && err.status === 401)) reportError(err, 'Sign-out failed.')
  } finally {
    endSession()
  }
}

/** On page load: the cookie may still hold a session. */
export async function restoreSession(): Promise<void> {
  try {
    const { user } = await authApi.me()
    startSession(user)
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
