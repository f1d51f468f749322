import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useChatStore } from '../../stores/chat-store'
import type { ConnectionStatus } from '../../stores/connection-slice'

const text = {
  connecting: 'Connecting…',
  offline: "Offline — messages will be sent when you're back",
  online: 'Back online',
} as const

const tone = { connecting: 'alert-info', offline: 'alert-warning', online: 'alert-success' } as const

/** A first connection is usually done in a blink: "Connecting…" takes room only after this. */
const CONNECTING_GRACE_MS = 1000

/**
 * The socket's state while signed in, as a strip in the page flow (see StatusStrip); it hides once
 * all is caught up.
 */
export function ConnectionBanner() {
  const { signedIn, status, backOnline } = useChatStore(
    useShallow((s) => ({
      signedIn: s.authStatus === 'authenticated',
      status: s.connection,
      backOnline: s.backOnline,
    })),
  )
  if (!signedIn) return null
  // The live region stays while signed in, so that a change of state is announced.
  return (
    <div role="status" aria-live="polite">
      {(status !== 'online' || backOnline) && <Banner status={status} />}
    </div>
  )
}

function Banner({ status }: { status: ConnectionStatus }) {
  // Mounted while offline: shown at once, and through the reconnect that follows.
  const [graceOver, setGraceOver] = useState(status !== 'connecting')
  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), CONNECTING_GRACE_MS)
    return () => clearTimeout(timer)
  }, [])
  if (status === 'connecting' && !graceOver) return null
  return (
    <div
      data-testid="connection-banner"
      data-status={status}
      className={`alert ${tone[status]} flex justify-center rounded-none px-3 py-1 text-sm`}
    >
      {status === 'connecting' && <span className="loading loading-xs loading-spinner" />}
      <span className="truncate">{text[status]}</span>
    </div>
  )
}
