import { useState } from 'react'
import { useChatStore } from '../../../stores/chat-store'
import { reportError } from '../../../stores/report-error'
import type { User } from '../../../types/api'
import { setUserBlocked } from '../api/users-api'

interface BlockButtonProps {
  peer: User
  blocked: boolean
}

/** Block / Unblock the other member of the open conversation. */
export function BlockButton({ peer, blocked }: BlockButtonProps) {
  const [busy, setBusy] = useState(false)

  async function toggle() {
    const next = !blocked
    setBusy(true)
    try {
      await setUserBlocked(peer.id, next)
      const store = useChatStore.getState()
      store.peerBlockChanged(peer.id, next)
      store.pushToast(`${next ? 'Blocked' : 'Unblocked'} ${peer.full_name}.`, 'success')
    } catch (err) {
      reportError(err, next ? 'Cannot block this user.' : 'Cannot unblock this user.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <button
      type="button"
      className={`btn btn-sm ml-auto ${blocked ? 'btn-outline' : 'btn-ghost text-error'}`}
      data-testid="block-button"
      disabled={busy}
      onClick={() => void toggle()}
    >
      {blocked ? 'Unblock' : 'Block'}
    </button>
  )
}
