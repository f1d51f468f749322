import { useShallow } from 'zustand/react/shallow'
import { firstName, personIn, typingLabel } from '../../../lib/group-text'
import { useChatStore } from '../../../stores/chat-store'
import type { Conversation } from '../../../types/api'

const NOBODY: readonly string[] = []

/**
 * "Ann is typing…" under the message list, for the others typing in the open conversation (never
 * oneself). A polite live region that stays mounted, so that a change is read out.
 */
export function TypingLine({ conversation, myId }: { conversation: Conversation | undefined; myId: string }) {
  const ids = useChatStore(useShallow((s) => (conversation ? (s.typing[conversation.id] ?? NOBODY) : NOBODY)))
  const names = ids
    .filter((id) => id !== myId)
    .map((id) => {
      const person = personIn(conversation, id)
      return person ? firstName(person.full_name) : 'Someone'
    })
  const label = typingLabel(names)
  return (
    <div
      aria-live="polite"
      data-testid="typing-indicator"
      className="px-4 text-xs text-base-content/70 sm:px-6"
    >
      {label && <p className="truncate py-1 italic">{label}</p>}
    </div>
  )
}
