import { useState } from 'react'
import { Modal } from '../../../components/ui/modal'
import { PasswordForm } from './password-form'

/** A button that opens the password change in a modal; the form mounts fresh each time. */
export function PasswordDialog() {
  const [open, setOpen] = useState(false)
  return (
    <>
      {/* Two short lines: the sidebar's header is as narrow as a phone at every width. */}
      <button
        type="button"
        className="btn h-auto min-h-8 flex-col gap-0 px-2 py-0.5 text-xs leading-tight btn-ghost btn-sm"
        data-testid="password-button"
        onClick={() => setOpen(true)}
      >
        <span>Change</span> <span>password</span>
      </button>
      {open && (
        <Modal labelledBy="password-title" onClose={() => setOpen(false)} testId="password-dialog">
          <h2 id="password-title" className="mb-4 text-lg font-semibold">
            Change password
          </h2>
          <PasswordForm onDone={() => setOpen(false)} />
        </Modal>
      )}
    </>
  )
}
