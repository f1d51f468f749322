import { useState } from 'react'
import { Modal } from '../../../components/ui/modal'
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
        <Modal labelledBy="block-title" onClose={() => setConfirming(false)} testId="block-dialog">
          <h2 id="block-title" className="text-lg font-semibold">
            Block {peer.full_name}?
          </h2>
          <p className="py-3 text-sm">
            Neither of you can send the other messages, and you stop seeing each other online. You can unblock
            them at any time.
          </p>
          <div className="modal-action">
            <button
              type="button"
              className="btn btn-ghost"
              data-testid="block-cancel"
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-error"
              data-testid="block-confirm"
              onClick={() => {
                setConfirming(false)
                void change(true)
              }}
            >
              Block
            </button>
          </div>
        </Modal>
      )}
    </>
  )
}
