import { useState } from 'react'
import { BellIcon, BellOffIcon } from '../../../components/ui/icons'
import { reportError } from '../../../stores/report-error'
import { setMuted } from '../api/conversations-api'

interface MuteButtonProps {
  conversationId: string
  muted: boolean
}

/** A toggle in the conversation's header: muted, it raises no notification or sound but for a
 *  mention, and its unread count greys out of the tab title. */
export function MuteButton({ conversationId, muted }: MuteButtonProps) {
  const [busy, setBusy] = useState(false)

  async function toggle() {
    if (busy) return
    setBusy(true)
    try {
      await setMuted(conversationId, !muted)
    } catch (err) {
      reportError(err, muted ? 'Cannot unmute this conversation.' : 'Cannot mute this conversation.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <button
      type="button"
      className="btn btn-circle shrink-0 btn-ghost btn-sm max-sm:size-10"
      data-testid="mute-button"
      aria-label="Mute notifications"
      aria-pressed={muted}
      // Not `disabled`: keyboard focus stays on it while the change is saved.
      aria-disabled={busy || undefined}
      title={muted ? 'Muted: only mentions notify you' : 'Mute notifications'}
      onClick={() => void toggle()}
    >
      {muted ? <BellOffIcon /> : <BellIcon />}
    </button>
  )
}
