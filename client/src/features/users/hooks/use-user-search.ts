import { useDebouncedSearch } from '../../../hooks/use-debounced-search'
import type { User } from '../../../types/api'
import { searchUsers } from '../api/users-api'

const NO_USERS: User[] = []

/** Users matching the debounced query; `loading` while the answer for the typed text is pending. */
export function useUserSearch(query: string) {
  const { active, loading, data, failed } = useDebouncedSearch(query, searchUsers)
  return { active, loading, users: data ?? NO_USERS, failed }
}
