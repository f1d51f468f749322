import type { SessionTimes } from '../types/api'
import { onSessionRefreshed, refreshSession, type RefreshOutcome } from './session-refresh'

/** Refresh this long before the access token expires, so requests never wait for it; at most a
 * quarter of the token's life, so very short tokens (tests, strict setups) are not refreshed on
 * every key press. */
export const REFRESH_MARGIN_MS = 60_000
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const
const MAX_TIMER_MS = 2 ** 31 - 1 // setTimeout fires at once for longer delays

export interface KeeperHandlers {
  /** The session is over (refresh refused, or idle past the server's limit): sign out. */
  ended: () => void
  /** New cookies: a socket that is down may connect again. */
  refreshed: () => void
}

/**
 * Keeps a session alive while its user is active: the access token is refreshed shortly before
 * it expires if the user did something since the last refresh, else at their next action. After
 * `idle_timeout` without any action the session ends here too, so an unattended screen stops
 * showing messages when the server would refuse it anyway.
 */
export class SessionKeeper {
  private accessExpiresAt = 0
  private marginMs = REFRESH_MARGIN_MS
  private idleTimeoutMs = Number.POSITIVE_INFINITY
  private lastActivity = 0
  private activeSinceRefresh = false
  private refreshTimer: ReturnType<typeof setTimeout> | undefined
  private idleTimer: ReturnType<typeof setTimeout> | undefined
  private readonly handlers: KeeperHandlers
  private readonly refresh: () => Promise<RefreshOutcome>

  constructor(handlers: KeeperHandlers, refresh: () => Promise<RefreshOutcome> = refreshSession) {
    this.handlers = handlers
    this.refresh = refresh
  }

  /** Times from sign-in, /me or a refresh: (re)schedule. */
  timesReceived(times: SessionTimes, now = Date.now()): void {
    this.accessExpiresAt = now + times.access_expires_in * 1000
    this.marginMs = Math.min(REFRESH_MARGIN_MS, (times.access_expires_in * 1000) / 4)
    this.idleTimeoutMs = times.idle_timeout * 1000
    this.activeSinceRefresh = false
    if (!this.lastActivity) this.lastActivity = now
    clearTimeout(this.refreshTimer)
    this.refreshTimer = setTimeout(() => this.dueForRefresh(), this.refreshDelay(now))
    this.armIdleTimer(now)
  }

  /** The user did something. Cheap: called for every key and pointer press. */
  activity(now = Date.now()): void {
    const idleTimerStale = now - this.lastActivity > REFRESH_MARGIN_MS
    this.lastActivity = now
    this.activeSinceRefresh = true
    if (idleTimerStale) this.armIdleTimer(now)
    if (this.accessExpiresAt && now >= this.accessExpiresAt - this.marginMs) void this.run()
  }

  stop(): void {
    clearTimeout(this.refreshTimer)
    clearTimeout(this.idleTimer)
    this.accessExpiresAt = 0
    this.lastActivity = 0
  }

  private refreshDelay(now: number): number {
    return Math.max(0, this.accessExpiresAt - this.marginMs - now)
  }

  private dueForRefresh(): void {
    if (this.activeSinceRefresh) void this.run()
  }

  private armIdleTimer(now: number): void {
    clearTimeout(this.idleTimer)
    if (!Number.isFinite(this.idleTimeoutMs)) return
    const left = this.lastActivity + this.idleTimeoutMs - now
    this.idleTimer = setTimeout(
      () => {
        if (Date.now() - this.lastActivity >= this.idleTimeoutMs) this.handlers.ended()
        else this.armIdleTimer(Date.now())
      },
      Math.min(Math.max(0, left), MAX_TIMER_MS),
    )
  }

  private async run(): Promise<void> {
    if ((await this.refresh()) === 'ended') this.handlers.ended()
  }
}

/** The app's keeper: refreshed sessions (from any caller) reschedule it; user actions feed it. */
export function startSessionKeeper(handlers: KeeperHandlers): SessionKeeper {
  const keeper = new SessionKeeper(handlers)
  onSessionRefreshed((times) => {
    keeper.timesReceived(times)
    handlers.refreshed()
  })
  const onActivity = () => keeper.activity()
  for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') onActivity()
  })
  return keeper
}
