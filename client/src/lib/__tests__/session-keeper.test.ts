import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { REFRESH_MARGIN_MS, SessionKeeper } from '../session-keeper'
import type { RefreshOutcome } from '../session-refresh'

const MINUTE = 60_000
const TIMES = { access_expires_in: 15 * 60, idle_timeout: 60 * 60, expires_in: 30 * 86400 }

let refresh: ReturnType<typeof vi.fn<() => Promise<RefreshOutcome>>>
let ended: ReturnType<typeof vi.fn<() => void>>
let keeper: SessionKeeper

beforeEach(() => {
  vi.useFakeTimers()
  refresh = vi.fn(() => Promise.resolve<RefreshOutcome>('refreshed'))
  ended = vi.fn<() => void>()
  keeper = new SessionKeeper({ ended, refreshed: vi.fn() }, refresh)
  keeper.timesReceived(TIMES)
})

afterEach(() => {
  keeper.stop()
  vi.useRealTimers()
})

describe('SessionKeeper', () => {
  it('refreshes before the access token expires while the user is active', async () => {
    await vi.advanceTimersByTimeAsync(5 * MINUTE)
    keeper.activity()
    await vi.advanceTimersByTimeAsync(15 * MINUTE - REFRESH_MARGIN_MS - 5 * MINUTE - 1)
    expect(refresh).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('lets an idle session lapse, then refreshes at the next action', async () => {
    await vi.advanceTimersByTimeAsync(20 * MINUTE)
    expect(refresh).not.toHaveBeenCalled()
    keeper.activity()
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('ends the session after the idle timeout without any action', async () => {
    await vi.advanceTimersByTimeAsync(30 * MINUTE)
    keeper.activity() // pushes the idle end back
    await vi.advanceTimersByTimeAsync(59 * MINUTE)
    expect(ended).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(2 * MINUTE)
    expect(ended).toHaveBeenCalledTimes(1)
  })

  it('does not refresh on every key press when access tokens are very short', async () => {
    keeper.timesReceived({ ...TIMES, access_expires_in: 60 }) // margin: a quarter, 15 s
    keeper.activity()
    keeper.activity()
    expect(refresh).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(45_000)
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('ends the session when the refresh is refused', async () => {
    refresh.mockResolvedValue('ended')
    await vi.advanceTimersByTimeAsync(16 * MINUTE)
    keeper.activity()
    await vi.advanceTimersByTimeAsync(0)
    expect(ended).toHaveBeenCalledTimes(1)
  })
})
