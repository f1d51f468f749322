import { useEffect, useState } from 'react'
import { SEARCH_DEBOUNCE_MS } from '../../../config/constants'
import { isAbortError } from '../../../lib/api-client'
import { reportError } from '../../../stores/report-error'
import type { User } from '../../../types/api'
import { searchUsers } from '../api/users-api'
import { useDebouncedValue } from './use-debounced-value'

interface SearchResult {
  query: string
  users: User[]
  failed: boolean
}

/** Users matching the debounced query; `loading` while the answer for the typed text is pending. */
export function useUserSearch(query: string) {
  const q = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS)
  const [result, setResult] = useState<SearchResult>({ query: '', users: [], failed: false })

  useEffect(() => {
    if (!q) return
    const controller = new AbortController()
    searchUsers(q, controller.signal).then(
      (users) => setResult({ query: q, users, failed: false }),
      (err: unknown) => {
        if (isAbortError(err)) return
        setResult({ query: q, users: [], failed: true })
        reportError(err, 'Search failed.')
      },
    )
    return () => controller.abort()
  }, [q])

  const typed = query.trim()
  const current = typed !== '' && result.query === typed
  return {
    active: typed !== '',
    loading: typed !== '' && !current,
    users: current ? result.users : [],
    failed: current && result.failed,
  }
}
