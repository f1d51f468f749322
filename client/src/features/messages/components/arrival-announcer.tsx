import { messageText } from '../../../lib/format'
import type { Arrival } from '../hooks/use-arrivals'

/**
 * A polite live region, visually hidden, that reads out "Name: text" for each message the other
 * member sends while the conversation is open. The message list itself is no live region: it would
 * read out every page of history loaded above.
 */
export function ArrivalAnnouncer({ sender, arrivals }: { sender: string; arrivals: Arrival[] }) {
  return (
    <div className="sr-only" aria-live="polite" data-testid="message-announcer">
      {arrivals.map(({ id, message }) => (
        <p key={id}>
          {sender}: {messageText(message.text)}
        </p>
      ))}
    </div>
  )
}
