import { useShallow } from 'zustand/react/shallow'
import { useChatStore } from '../../stores/chat-store'

const text = {
  connecting: 'Connecting…',
  offline: "Offline — messages will be sent when you're back",
  online: 'Back online',
} as const

const tone = { connecting: 'alert-info', offline: 'alert-warning', online: 'alert-success' } as const

/** The socket's state over the page; it lets clicks through and hides once all is caught up. */
export function ConnectionBanner() {
  const { status, backOnline } = useChatStore(
    useShallow((s) => ({ status: s.connection, backOnline: s.backOnline })),
  )
  if (status === 'online' && !backOnline) return null
  return (
    <div className="pointer-events-none fixed inset-x-0 top-2 z-40 flex justify-center px-2">
      <div
        role="status"
        aria-live="polite"
        data-testid="connection-banner"
        data-status={status}
        className={`alert ${tone[status]} max-w-full px-3 py-1 text-sm shadow-md`}
      >
        {status === 'connecting' && <span className="loading loading-xs loading-spinner" />}
        <span className="truncate">{text[status]}</span>
      </div>
    </div>
  )
}
