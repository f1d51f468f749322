import { Modal } from '../../../components/ui/modal'
import { PasswordForm } from './password-form'

/** The password change in a modal, open while mounted; the form mounts fresh each time. */
export function PasswordDialog({ onClose }: { onClose: () => void }) {
  return (
    <Modal labelledBy="password-title" onClose={onClose} testId="password-dialog">
      <h2 id="password-title" className="mb-4 text-lg font-semibold">
        Change password
      </h2>
      <PasswordForm onDone={onClose} />
    </Modal>
  )
}
