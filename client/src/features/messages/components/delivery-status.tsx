import { ClockIcon, DoubleTickIcon, TickIcon } from '../../../components/ui/icons'
import { deliveryLabel, type MessageState } from '../../../stores/message-state'

interface DeliveryStatusProps {
  state: Exclude<MessageState, 'failed'>
  group?: boolean
  /** Inside a button that names it: the icon alone, hidden from assistive technology. */
  decorative?: boolean
}

/** Clock, one tick, two ticks, two coloured ticks — under own bubbles. */
export function DeliveryStatus({ state, group = false, decorative = false }: DeliveryStatusProps) {
  const label = deliveryLabel(state, group)
  return (
    <span
      data-testid="delivery-status"
      role={decorative ? undefined : 'img'}
      aria-label={decorative ? undefined : label}
      aria-hidden={decorative || undefined}
      title={decorative ? undefined : label}
    >
      {state === 'pending' && <ClockIcon className="size-4" />}
      {state === 'sent' && <TickIcon className="size-4" />}
      {(state === 'delivered' || state === 'read') && (
        <DoubleTickIcon className={state === 'read' ? 'size-4 text-info' : 'size-4'} />
      )}
    </span>
  )
}
