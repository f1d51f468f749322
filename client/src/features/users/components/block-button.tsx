import { useState } from 'react'
import { ConfirmDialog } from '../../../components/ui/confirm-dialog'
import { useChatStore } from '../../../stores/chat-store'
import { reportError } from '../../../stores/report-error'
import type { User } from '../../../types/api'
import { setUserBlocked } from '../api/users-api'

interface BlockButtonProps {
  peer: User
  blocked: boolean
}

/** Block (after a confirmation) / Unblock the other member of the open conversation. */
export function BlockButton({ peer, blocked }: BlockButtonProps) {
  const [busy, setBusy] = useState(false)
  const [confirming, setConfirming] = useState(false)

  async function change(next: boolean) {
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
    <>
      <button
        type="button"
        className={`btn btn-sm ml-auto ${blocked ? 'btn-outline' : 'btn-ghost text-error-ink'}`}
        data-testid="block-button"
        // Not `disabled`: a disabled button drops the focus the dialog hands back to it.
        aria-disabled={busy || undefined}
        onClick={() => {
          if (busy) return
          if (blocked) void change(false)
          else setConfirming(true)
        }}
      >
        {blocked ? 'Unblock' : 'Block'}
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Block ${peer.full_name}?`}
          confirmLabel="Block"
          name="block"
          onConfirm={() => void change(true)}
          onClose={() => setConfirming(false)}
        >
          Neither of you can send the other messages, and you stop seeing each other online. You can unblock
          them at any time.
        </ConfirmDialog>
      )}
    </>
  )
}
