import { navigate, paths } from '../../../app/router'
import { SearchIcon } from '../../../components/ui/icons'
import { rememberUser } from '../../conversations/hooks/use-route-target'
import { useChatStore } from '../../../stores/chat-store'
import { directWith } from '../../../stores/conversation-helpers'
import type { User } from '../../../types/api'
import { useUserSearch } from '../hooks/use-user-search'
import { PersonResult } from './person-result'

interface UserSearchProps {
  query: string
  onQueryChange: (q: string) => void
}

export function SearchBox({ query, onQueryChange }: UserSearchProps) {
  return (
    <div className="min-w-0 flex-1">
      <label htmlFor="user-search" className="sr-only">
        Search people and messages
      </label>
      <div className="input w-full sm:input-sm">
        <SearchIcon className="size-4 opacity-50" />
        <input
          id="user-search"
          type="search"
          data-testid="search-input"
          placeholder="Search people and messages"
          autoComplete="off"
          value={query}
          onChange={(e) => onQueryChange(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && onQueryChange('')}
        />
      </div>
    </div>
  )
}

/** Results shown in place of the conversation list while a query is typed. */
export function SearchResults({ query, onQueryChange }: UserSearchProps) {
  const { loading, users, failed } = useUserSearch(query)

  const choose = (user: User) => {
    const existing = directWith(useChatStore.getState().conversations, user.id)
    rememberUser(user)
    navigate(existing ? paths.conversation(existing.id) : paths.person(user.id))
    onQueryChange('')
  }

  if (loading) {
    return (
      <div className="flex justify-center p-6" data-testid="search-loading">
        <span className="loading loading-spinner" />
      </div>
    )
  }
  if (users.length === 0) {
    return (
      <p className="p-6 text-center text-sm text-base-content/60" data-testid="search-empty">
        {failed ? 'Search failed.' : 'No people found.'}
      </p>
    )
  }
  return (
    <ul className="flex flex-col gap-0.5 px-2" aria-label="Search results">
      {users.map((user) => (
        <li key={user.id}>
          <PersonResult user={user} testId="search-result" padding="px-3 py-2" onChoose={choose} />
        </li>
      ))}
    </ul>
  )
}
