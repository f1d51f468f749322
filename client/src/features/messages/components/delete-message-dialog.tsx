import { ConfirmDialog } from '../../../components/ui/confirm-dialog'
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
  return (
    <ConfirmDialog
      title="Delete message?"
      confirmLabel="Delete"
      name="delete"
      onConfirm={() => deleteMessage(message)}
      onClose={onClose}
    >
      {ownerName ? `${ownerName}’s message` : 'Your message'} will be deleted for everyone in this
      conversation. Replies to it will show that it was deleted. This cannot be undone.
    </ConfirmDialog>
  )
}
