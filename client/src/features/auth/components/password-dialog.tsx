import { useState } from 'react'
import { PasswordForm } from './password-form'

/** A button that opens the password change in a modal; the form mounts fresh each time. */
export function PasswordDialog() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        data-testid="password-button"
        onClick={() => setOpen(true)}
      >
        Password
      </button>
      {open && (
        <div className="modal modal-open" role="dialog" aria-modal="true" aria-labelledby="password-title">
          <div className="modal-box">
            <h2 id="password-title" className="mb-4 text-lg font-semibold">
              Change password
            </h2>
            <PasswordForm onDone={() => setOpen(false)} />
          </div>
        </div>
      )}
    </>
  )
}
