import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react'

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'

interface ModalProps {
  /** The id of the dialog's heading. */
  labelledBy: string
  /** Esc, a click beside the box, or the caller's own buttons: the caller unmounts the modal. */
  onClose: () => void
  testId?: string
  /** As wide as the screen allows (an image at full size), not a form's width. */
  wide?: boolean
  children: ReactNode
}

/**
 * A modal on the browser's own <dialog>, open while mounted: the page behind is inert, focus moves
 * to the first control inside and Tab cycles through its controls (the browser would move on to
 * its own toolbar), Esc or a click beside the box closes it, and focus goes back to the control
 * that was focused before.
 */
function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return
  const controls = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !el.matches(':disabled') && el.getClientRects().length > 0,
  )
  const first = controls[0]
  const last = controls[controls.length - 1]
  const edge = event.shiftKey ? first : last
  if (!edge || document.activeElement !== edge) return
  event.preventDefault()
  ;(event.shiftKey ? last : first)?.focus()
}

export function Modal({ labelledBy, onClose, testId, wide = false, children }: ModalProps) {
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
      onKeyDown={keepFocusInside}
    >
      <div className={wide ? 'modal-box w-auto max-w-[95vw] max-sm:p-3' : 'modal-box'}>{children}</div>
    </dialog>
  )
}

/** The footer of a dialog whose changes apply at once: Done closes it. */
export function DoneFooter({ testId, onClose }: { testId: string; onClose: () => void }) {
  return (
    <div className="modal-action">
      <button type="button" className="btn" data-testid={testId} onClick={onClose}>
        Done
      </button>
    </div>
  )
}
