import { useRef, useState, type KeyboardEvent } from 'react'
import { FieldErrors } from '../../../components/ui/text-field'
import type { User } from '../../../types/api'
import { PersonResult } from '../../users/components/person-result'
import { useUserSearch } from '../../users/hooks/use-user-search'

interface UserPickerProps {
  id: string
  label: string
  /** People chosen so far, shown as chips that can be taken out again. */
  chosen: User[]
  onChange: (chosen: User[]) => void
  /** Ids never offered (current members). */
  exclude?: ReadonlySet<string>
  errors?: string[]
}

/**
 * People picked through the user search: type, choose a result (Enter takes the first), and each
 * choice becomes a chip with its own remove button; focus stays in the search field.
 */
export function UserPicker({ id, label, chosen, onChange, exclude, errors = [] }: UserPickerProps) {
  const [query, setQuery] = useState('')
  const input = useRef<HTMLInputElement>(null)
  const { loading, users, failed, active } = useUserSearch(query)
  const chosenIds = new Set(chosen.map((u) => u.id))
  const offered = users.filter((u) => !chosenIds.has(u.id) && !exclude?.has(u.id))
  const errorId = `${id}-error`
  const resultsId = `${id}-results`

  function pick(user: User) {
    onChange([...chosen, user])
    setQuery('')
    input.current?.focus()
  }

  function drop(user: User) {
    onChange(chosen.filter((u) => u.id !== user.id))
    input.current?.focus()
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault() // never submits the dialog's form half done
      const first = offered[0]
      if (first) pick(first)
    } else if (event.key === 'Escape' && query) {
      event.preventDefault() // clears the field; a second Escape closes the dialog
      event.stopPropagation()
      setQuery('')
    }
  }

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {chosen.length > 0 && (
        <ul className="flex flex-wrap gap-1" aria-label="Chosen people" data-testid="picked-people">
          {chosen.map((user) => (
            <li
              key={user.id}
              className="badge h-auto gap-1 py-0.5 pr-0 badge-outline"
              data-testid="picked-person"
              data-username={user.username}
            >
              {user.full_name}
              <button
                type="button"
                className="btn btn-circle btn-ghost btn-xs size-6"
                aria-label={`Remove ${user.full_name}`}
                data-testid="unpick-person"
                onClick={() => drop(user)}
              >
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={id}
        ref={input}
        type="search"
        className={`input w-full ${errors.length > 0 ? 'input-error' : ''}`}
        placeholder="Search people"
        autoComplete="off"
        data-testid={`${id}-search`}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={errors.length > 0 ? errorId : undefined}
        aria-controls={active ? resultsId : undefined}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <FieldErrors field={id} errors={errors} />
      {active && (
        <div id={resultsId} className="max-h-48 overflow-y-auto rounded-box border border-base-300">
          {loading ? (
            <div className="flex justify-center p-3">
              <span className="loading loading-sm loading-spinner" aria-label="Searching" />
            </div>
          ) : offered.length === 0 ? (
            <p className="p-3 text-center text-sm text-base-content/70" data-testid="picker-empty">
              {failed ? 'Search failed.' : 'No people found.'}
            </p>
          ) : (
            <ul className="flex flex-col p-1" aria-label="People found">
              {offered.map((user) => (
                <li key={user.id}>
                  <PersonResult user={user} testId="picker-result" padding="px-2 py-1.5" onChoose={pick} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}
