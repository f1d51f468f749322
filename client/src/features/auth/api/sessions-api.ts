import { api } from '../../../lib/api-client'

/** One of the user's signed-in sessions (GET /api/auth/sessions). */
export interface SignedInSession {
  id: string
  /** From its user agent: "Chrome on Linux", "Safari on iPhone", "Unknown device". */
  device: string
  /** The client address it was last active from. */
  address: string | null
  started_at: string
  /** Its sign-in or latest refresh (not every request). */
  last_active_at: string
  /** The session of this browser. */
  current: boolean
}

export const sessionsApi = {
  list: () => api.get<{ sessions: SignedInSession[] }>('/api/auth/sessions'),
  end: (id: string) => api.delete<{ ok: boolean }>(`/api/auth/sessions/${encodeURIComponent(id)}`),
  endOthers: () => api.post<{ ok: boolean; ended: number }>('/api/auth/sessions/end-others'),
}
