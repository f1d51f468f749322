import type { FieldErrors } from '../types/api'
import { readCookie } from './cookies'
import { refreshSession } from './session-refresh'

/** An HTTP failure carrying the server's `{error, code, fields}` body. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: FieldErrors

  constructor(status: number, code: string, message: string, fields: FieldErrors = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
type Query = Record<string, string | number | null | undefined>

interface RequestOptions {
  body?: unknown
  query?: Query
  signal?: AbortSignal
}

let unauthorizedHandler: (() => void) | null = null

/** Called on a 401 from any endpoint but /api/auth/* (the session ended, no refresh helped). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler
}

function buildUrl(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // Not JSON (a proxy error page, an empty body): fall back to the status text.
  }
  if (body && typeof body === 'object') {
    const { error, code, fields } = body as { error?: unknown; code?: unknown; fields?: unknown }
    return new ApiError(
      res.status,
      typeof code === 'string' ? code : 'http_error',
      typeof error === 'string' ? error : res.statusText || `Request failed (${res.status})`,
      fields && typeof fields === 'object' ? (fields as FieldErrors) : {},
    )
  }
  return new ApiError(res.status, 'http_error', res.statusText || `Request failed (${res.status})`)
}

const networkError = () => new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection.')

/** The access token lives minutes: when it has expired, refresh the session once and retry. */
async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, options)
  if (res.ok) return (await res.json()) as T
  let error = await toApiError(res)
  if (error.code === 'token_expired') {
    const outcome = await refreshSession()
    if (outcome === 'unreachable') throw networkError()
    if (outcome === 'refreshed') {
      const retried = await send(method, path, options)
      if (retried.ok) return (await retried.json()) as T
      error = await toApiError(retried)
    }
  }
  if (error.status === 401 && !path.startsWith('/api/auth/')) unauthorizedHandler?.()
  throw error
}

async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET') {
    const csrf = readCookie('csrf_access_token')
    if (csrf) headers['X-CSRF-TOKEN'] = csrf
  }
  try {
    return await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'include',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw networkError()
  }
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
}

export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError'
}
