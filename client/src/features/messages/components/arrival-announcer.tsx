import type { Message } from '../../../types/api'
import type { Arrival } from '../hooks/use-arrivals'

/**
 * A polite live region, visually hidden, that reads out "Name: text" for each message someone else
 * sends while the conversation is open (a group's change as its note). The message list itself is
 * no live region: it would read out every page of history loaded above.
 */
export function ArrivalAnnouncer({
  arrivals,
  describe,
}: {
  arrivals: Arrival[]
  describe: (message: Message) => string
}) {
  return (
    <div className="sr-only" aria-live="polite" data-testid="message-announcer">
      {arrivals.map(({ id, message }) => (
        <p key={id}>{describe(message)}</p>
      ))}
    </div>
  )
}
