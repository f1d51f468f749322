import { Toaster } from '../ui/toaster'
import { ConnectionBanner } from './connection-banner'

/**
 * The connection state and toasts above every screen, in the page flow: they push the screen down
 * for a moment instead of covering a control (no spot is free of them on a phone).
 */
export function StatusStrip() {
  return (
    <div className="shrink-0" data-testid="status-strip">
      <ConnectionBanner />
      <Toaster />
    </div>
  )
}
