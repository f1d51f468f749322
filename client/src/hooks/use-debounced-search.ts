import { useEffect, useState } from 'react'
import { SEARCH_DEBOUNCE_MS } from '../config/constants'
import { isAbortError } from '../lib/api-client'
import { reportError } from '../stores/report-error'
import { useDebouncedValue } from './use-debounced-value'

interface Answer<T> {
  query: string
  data: T | null
  failed: boolean
}

export type SearchFetcher<T> = (q: string, signal: AbortSignal) => Promise<T>

/**
 * The answer for the debounced, trimmed query (the previous request is aborted when it changes);
 * `loading` while the answer for the typed text is pending. `fetcher` must be stable.
 */
export function useDebouncedSearch<T>(query: string, fetcher: SearchFetcher<T>) {
  const q = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS)
  const [answer, setAnswer] = useState<Answer<T>>({ query: '', data: null, failed: false })

  useEffect(() => {
    if (!q) return
    const controller = new AbortController()
    fetcher(q, controller.signal).then(
      (data) => setAnswer({ query: q, data, failed: false }),
      (err: unknown) => {
        if (isAbortError(err)) return
        setAnswer({ query: q, data: null, failed: true })
        reportError(err, 'Search failed.')
      },
    )
    return () => controller.abort()
  }, [q, fetcher])

  const typed = query.trim()
  const current = typed !== '' && answer.query === typed
  return {
    active: typed !== '',
    loading: typed !== '' && !current,
    data: current ? answer.data : null,
    failed: current && answer.failed,
  }
}
