import { useState } from 'react'
import { useDebouncedSearch } from '../../../hooks/use-debounced-search'
import { reportError } from '../../../stores/report-error'
import { searchMessages, type SearchHit, type SearchPage } from '../api/search-api'

interface Older {
  /** The first page these follow (a new query starts over). */
  first: SearchPage | null
  hits: SearchHit[]
  next: string | null
  loading: boolean
}

/** Messages matching the debounced query, newest first, and older pages on demand. */
export function useMessageSearch(query: string) {
  const { loading, data, failed } = useDebouncedSearch(query, searchMessages)
  const [state, setState] = useState<Older>({ first: null, hits: [], next: null, loading: false })
  const older =
    state.first === data ? state : { first: data, hits: [], next: data?.next_before ?? null, loading: false }

  const loadMore = async () => {
    if (!data || !older.next || older.loading) return
    setState({ ...older, loading: true })
    try {
      const page = await searchMessages(query.trim(), undefined, older.next)
      setState({
        first: data,
        hits: [...older.hits, ...page.messages],
        next: page.next_before,
        loading: false,
      })
    } catch (err) {
      setState({ ...older, loading: false })
      reportError(err, 'Search failed.')
    }
  }

  return {
    loading,
    failed,
    hits: data ? [...data.messages, ...older.hits] : [],
    more: older.next !== null,
    loadingMore: older.loading,
    loadMore,
  }
}
