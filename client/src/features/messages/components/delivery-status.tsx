import type { ReactNode } from 'react'
import { deliveryLabel, type MessageState } from '../../../stores/message-state'

function Icon({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <svg
      className={`size-4 ${className}`}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {children}
    </svg>
  )
}

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
      {state === 'pending' && (
        <Icon>
          <circle cx="12" cy="12" r="8" />
          <path d="M12 8v4l2.5 2" />
        </Icon>
      )}
      {state === 'sent' && (
        <Icon>
          <path d="M5 12.5l4.5 4.5L19 7.5" />
        </Icon>
      )}
      {(state === 'delivered' || state === 'read') && (
        <Icon className={state === 'read' ? 'text-info' : ''}>
          <path d="M2 12.5l4.5 4.5L16 7.5" />
          <path d="M10.5 16l1 1L21 7.5" />
        </Icon>
      )}
    </span>
  )
}
