import { departure } from '../../../lib/group-text'
import type { Conversation, Message } from '../../../types/api'

/** In place of the composer: why one reads a group without writing in it any more. */
export function LeftNotice({
  conversation,
  messages,
  myId,
}: {
  conversation: Conversation
  messages: readonly Message[]
  myId: string
}) {
  const why = departure(conversation, messages, myId)
  return (
    <p
      className="border-t border-base-300 bg-base-200 p-4 text-center text-sm text-base-content/80"
      data-testid="left-notice"
      data-reason={why}
      role="status"
    >
      {why === 'removed' ? 'You were removed from this group.' : 'You left this group.'} You can read the
      messages up to then, but not write.
    </p>
  )
}
