import { useEffect, useRef, type ReactNode } from 'react'

interface ModalProps {
  /** The id of the dialog's heading. */
  labelledBy: string
  /** Esc, a click beside the box, or the caller's own buttons: the caller unmounts the modal. */
  onClose: () => void
  testId?: string
  children: ReactNode
}

/**
 * A modal on the browser's own <dialog>, open while mounted: the page behind is inert, focus moves
 * to the first control inside, Esc or a click beside the box closes it, and focus goes back to the
 * control that was focused before.
 */
export function Modal({ labelledBy, onClose, testId, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    dialog.showModal()
    return () => {
      dialog.close()
      opener?.focus()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={labelledBy}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault() // React closes it, by unmounting
        onClose()
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose() // the backdrop around the box
      }}
    >
      <div className="modal-box">{children}</div>
    </dialog>
  )
}
