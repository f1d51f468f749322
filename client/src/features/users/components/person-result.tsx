import { Avatar } from '../../../components/ui/avatar'
import { useChatStore } from '../../../stores/chat-store'
import type { User } from '../../../types/api'

interface PersonResultProps {
  user: User
  testId: string
  /** Padding classes: roomier in the sidebar than in a dialog. */
  padding: string
  onChoose: (user: User) => void
}

/** A person found by a search, as a button: avatar (with presence), name and @username. */
export function PersonResult({ user, testId, padding, onChoose }: PersonResultProps) {
  const online = useChatStore((s) => s.online.has(user.id))
  return (
    <button
      type="button"
      data-testid={testId}
      data-username={user.username}
      className={`flex w-full min-w-0 items-center gap-3 rounded-lg ${padding} text-left hover:bg-base-200 focus-visible:outline-2 focus-visible:outline-primary`}
      onClick={() => onChoose(user)}
    >
      <Avatar user={user} size="sm" online={online} />
      <span className="flex min-w-0 flex-col">
        <span className="truncate font-medium">{user.full_name}</span>
        <span className="truncate text-xs text-base-content/70">@{user.username}</span>
      </span>
    </button>
  )
}
