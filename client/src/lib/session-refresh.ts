import type { SessionTimes } from '../types/api'
import { readCookie } from './cookies'

export const REFRESH_PATH = '/api/auth/refresh'
const LOCK_NAME = 'chat-session-refresh'

type Listener = (times: SessionTimes) => void
/** `ended`: sign in again; `unreachable`: offline or server trouble, the session may go on. */
export type RefreshOutcome = 'refreshed' | 'ended' | 'unreachable'

let inFlight: Promise<RefreshOutcome> | null = null
let listener: Listener | null = null

/** Called with the new session times after every successful refresh (the keeper reschedules). */
export function onSessionRefreshed(handler: Listener): void {
  listener = handler
}

/**
 * Get new tokens. Callers share one request: a refresh token is good for one use, and the server
 * ends the session when one is presented twice.
 */
export function refreshSession(): Promise<RefreshOutcome> {
  inFlight ??= acrossTabs(readCookie('csrf_refresh_token')).finally(() => {
    inFlight = null
  })
  return inFlight
}

/** Tabs share the cookies, so only one may refresh at a time (Web Locks, where available). */
async function acrossTabs(seen: string | null): Promise<RefreshOutcome> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
  if (!locks) return postRefresh()
  return locks.request(LOCK_NAME, () => {
    // Another tab refreshed while we waited: its new cookies are ours too.
    if (seen !== null && readCookie('csrf_refresh_token') !== seen) return 'refreshed'
    return postRefresh()
  })
}

async function postRefresh(): Promise<RefreshOutcome> {
  const csrf = readCookie('csrf_refresh_token')
  if (!csrf) return 'ended'
  let res: Response
  try {
    res = await fetch(REFRESH_PATH, {
      method: 'POST',
      headers: { Accept: 'application/json', 'X-CSRF-TOKEN': csrf },
      credentials: 'include',
    })
  } catch {
    return 'unreachable' // offline: the next request (or the keeper) tries again
  }
  if (res.status === 401 || res.status === 403) return 'ended'
  if (!res.ok) return 'unreachable'
  const body = (await res.json()) as { session: SessionTimes }
  listener?.(body.session)
  return 'refreshed'
}
