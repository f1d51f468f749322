import { ApiError, isAbortError } from '../lib/api-client'
import { useChatStore } from './chat-store'

/** Show a failed request as a toast; a 401 is already handled as an ended session. */
export function reportError(err: unknown, fallback: string): void {
  if (isAbortError(err)) return
  if (
    err instanceof ApiError &&
    err.status === 401 &&
    useChatStore.getState().authStatus !== 'authenticated'
  ) {
    return
  }
  useChatStore.getState().pushToast(err instanceof Error && err.message ? err.message : fallback)
}
