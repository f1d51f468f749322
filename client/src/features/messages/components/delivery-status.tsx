import type { ReactNode } from 'react'
import type { MessageState } from '../../../stores/message-state'

const labels: Record<MessageState, string> = {
  pending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not sent',
}

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

/** Clock, one tick, two ticks, two coloured ticks — under own bubbles. */
export function DeliveryStatus({ state }: { state: Exclude<MessageState, 'failed'> }) {
  return (
    <span data-testid="delivery-status" role="img" aria-label={labels[state]} title={labels[state]}>
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
