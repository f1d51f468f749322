import { useId } from 'react'
import { Modal } from '../../../components/ui/modal'
import { deleteMessage } from '../../../realtime/message-actions'
import type { Message } from '../../../types/api'

interface DeleteMessageDialogProps {
  message: Message
  /** Whose it is: "your" for ours, else their name (a group's owner or admin deletes any). */
  ownerName: string | null
  onClose: () => void
}

/** Deleting is for everyone and cannot be undone: asked first. */
export function DeleteMessageDialog({ message, ownerName, onClose }: DeleteMessageDialogProps) {
  const titleId = useId()
  return (
    <Modal labelledBy={titleId} onClose={onClose} testId="delete-dialog">
      <h2 id={titleId} className="text-lg font-semibold">
        Delete message?
      </h2>
      <p className="py-3 text-sm">
        {ownerName ? `${ownerName}’s message` : 'Your message'} will be deleted for everyone in this
        conversation. Replies to it will show that it was deleted. This cannot be undone.
      </p>
      <div className="modal-action">
        <button type="button" className="btn" data-testid="delete-cancel" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-error"
          data-testid="delete-confirm"
          onClick={() => {
            deleteMessage(message)
            onClose()
          }}
        >
          Delete
        </button>
      </div>
    </Modal>
  )
}
