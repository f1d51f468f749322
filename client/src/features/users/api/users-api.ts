import { SEARCH_LIMIT } from '../../../config/constants'
import { api } from '../../../lib/api-client'
import type { User } from '../../../types/api'

export async function searchUsers(q: string, signal?: AbortSignal): Promise<User[]> {
  const { users } = await api.get<{ users: User[] }>('/api/users/search', { q, limit: SEARCH_LIMIT }, signal)
  return users
}
