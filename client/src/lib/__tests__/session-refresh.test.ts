import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api, ApiError, onUnauthorized } from '../api-client'
import { onSessionRefreshed, refreshSession } from '../session-refresh'

const TIMES = { access_expires_in: 900, idle_timeout: 604800, expires_in: 2592000 }

interface Call {
  url: string
  csrf: string | undefined
}

let calls: Call[]
/** The server: answers by path; `expired` paths say token_expired until a refresh succeeds. */
let refreshStatus: number
let accessFresh: boolean
const cookies = { value: '' }

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function fakeFetch(url: string, init: RequestInit): Promise<Response> {
  const headers = init.headers as Record<string, string>
  calls.push({ url, csrf: headers['X-CSRF-TOKEN'] })
  if (url === '/api/auth/refresh') {
    return new Promise((resolve) => {
      setTimeout(() => {
        if (refreshStatus === 200) {
          accessFresh = true
          cookies.value = 'csrf_access_token=a2; csrf_refresh_token=r2'
          resolve(json(200, { user: {}, session: TIMES }))
        } else resolve(json(refreshStatus, { error: 'x', code: 'session_ended' }))
      }, 5)
    })
  }
  if (!accessFresh) return Promise.resolve(json(401, { error: 'x', code: 'token_expired' }))
  return Promise.resolve(json(200, { ok: true, url }))
}

beforeEach(() => {
  calls = []
  refreshStatus = 200
  accessFresh = false
  cookies.value = 'csrf_access_token=a1; csrf_refresh_token=r1'
  vi.stubGlobal('document', {
    get cookie() {
      return cookies.value
    },
  })
  vi.stubGlobal('navigator', {})
  vi.stubGlobal('fetch', vi.fn(fakeFetch))
})

afterEach(() => {
  vi.unstubAllGlobals()
  onUnauthorized(() => undefined)
})

describe('silent refresh', () => {
  it('refreshes once for concurrent expired requests, then retries each with the new CSRF value', async () => {
    const results = await Promise.all([
      api.get<{ url: string }>('/api/conversations'),
      api.post<{ url: string }>('/api/messages', { text: 'hi' }),
      api.get<{ url: string }>('/api/users/blocked'),
    ])
    expect(results.map((r) => r.url)).toEqual(['/api/conversations', '/api/messages', '/api/users/blocked'])
    expect(calls.filter((c) => c.url === '/api/auth/refresh')).toEqual([
      { url: '/api/auth/refresh', csrf: 'r1' },
    ])
    expect(calls.filter((c) => c.url === '/api/messages').map((c) => c.csrf)).toEqual(['a1', 'a2'])
  })

  it('signs out when the refresh is refused, and does not loop', async () => {
    refreshStatus = 401
    const unauthorized = vi.fn()
    onUnauthorized(unauthorized)
    await expect(api.get('/api/conversations')).rejects.toMatchObject({ status: 401, code: 'token_expired' })
    expect(unauthorized).toHaveBeenCalledTimes(1)
    expect(calls.map((c) => c.url)).toEqual(['/api/conversations', '/api/auth/refresh'])
  })

  it('reports a network error, not a sign-out, when the refresh cannot reach the server', async () => {
    refreshStatus = 503
    const unauthorized = vi.fn()
    onUnauthorized(unauthorized)
    const error: unknown = await api.get('/api/conversations').catch((err: unknown) => err)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('network_error')
    expect(unauthorized).not.toHaveBeenCalled()
  })

  it('does not refresh on other 401s', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json(401, { error: 'x', code: 'session_ended' }))),
    )
    await expect(api.get('/api/auth/me')).rejects.toMatchObject({ code: 'session_ended' })
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('tells the keeper the new session times', async () => {
    const seen = vi.fn()
    onSessionRefreshed(seen)
    expect(await refreshSession()).toBe('refreshed')
    expect(seen).toHaveBeenCalledWith(TIMES)
  })

  it('skips its own request when another tab refreshed while it waited for the lock', async () => {
    const locks = {
      request: (_name: string, run: () => Promise<unknown>) => {
        cookies.value = 'csrf_access_token=a9; csrf_refresh_token=r9' // the other tab's refresh
        return run()
      },
    }
    vi.stubGlobal('navigator', { locks })
    expect(await refreshSession()).toBe('refreshed')
    expect(calls).toEqual([])
  })
})
