import { useId, type ReactNode } from 'react'
import { Modal } from './modal'

interface ConfirmDialogProps {
  title: ReactNode
  /** What the action does, said before it is done. */
  children: ReactNode
  confirmLabel: string
  /** Names the test ids: `<name>-dialog`, `<name>-cancel` and `<name>-confirm`. */
  name: string
  onConfirm: () => void
  /** Cancel, Esc, a click beside the box, and after confirming: the caller unmounts the dialog. */
  onClose: () => void
}

/** A question before an action that cannot be taken back: Cancel, or the action in red. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  name,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const titleId = useId()
  return (
    <Modal labelledBy={titleId} onClose={onClose} testId={`${name}-dialog`}>
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      <p className="py-3 text-sm">{children}</p>
      <div className="modal-action">
        <button type="button" className="btn btn-ghost" data-testid={`${name}-cancel`} onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-error"
          data-testid={`${name}-confirm`}
          onClick={() => {
            onConfirm()
            onClose()
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Modal>
  )
}
