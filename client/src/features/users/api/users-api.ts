import { SEARCH_LIMIT } from '../../../config/constants'
import { api, ApiError } from '../../../lib/api-client'
import { useChatStore } from '../../../stores/chat-store'
import type { User } from '../../../types/api'

export async function searchUsers(q: string, signal?: AbortSignal): Promise<User[]> {
  const { users } = await api.get<{ users: User[] }>('/api/users/search', { q, limit: SEARCH_LIMIT }, signal)
  return users
}

/** Idempotent: blocking twice, or unblocking someone not blocked, is fine. */
export async function setUserBlocked(userId: string, blocked: boolean): Promise<void> {
  const path = `/api/users/${encodeURIComponent(userId)}/block`
  await (blocked ? api.put(path) : api.delete(path))
}

/** One user by id (a /u/<id> link); 'not_found' for an unknown or deactivated one. */
export async function fetchUser(userId: string): Promise<User | 'not_found'> {
  try {
    const { user } = await api.get<{ user: User }>(`/api/users/${encodeURIComponent(userId)}`)
    return user
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return 'not_found'
    throw err
  }
}

/** Change our own full name; our tabs and our contacts get `user_updated` too. */
export async function renameMe(fullName: string): Promise<User> {
  const { user } = await api.patch<{ user: User }>('/api/users/me', { full_name: fullName })
  useChatStore.getState().userUpdated(user)
  return user
}
