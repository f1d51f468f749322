import { OUTBOX_BACKOFF } from '../config/constants'

export interface BackoffOptions {
  baseMs: number
  capMs: number
}

/**
 * The wait before retry number `attempt` (1 = after the first failure): base·2^(attempt-1), capped,
 * with "equal jitter" — at least half of it, so clients that failed together do not retry together.
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  { baseMs, capMs }: BackoffOptions = OUTBOX_BACKOFF,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
