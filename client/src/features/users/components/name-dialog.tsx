import { useState, type FormEvent } from 'react'
import { Modal } from '../../../components/ui/modal'
import { SubmitButton } from '../../../components/ui/submit-button'
import { TextField } from '../../../components/ui/text-field'
import { useChatStore } from '../../../stores/chat-store'
import type { FieldErrors } from '../../../types/api'
import { FormAlert } from '../../auth/components/form-alert'
import { splitFormError } from '../../auth/components/form-errors'
import { renameMe } from '../api/users-api'

/** Change one's own full name (what others see); the username stays. */
export function NameDialog({ onClose }: { onClose: () => void }) {
  const current = useChatStore((s) => s.user?.full_name ?? '')
  const [name, setName] = useState(current)
  const [submitting, setSubmitting] = useState(false)
  const [fields, setFields] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (submitting) return
    if (name.trim() === current) return onClose()
    setSubmitting(true)
    try {
      await renameMe(name.trim())
      useChatStore.getState().pushToast('Your name was changed.', 'success')
      onClose()
    } catch (err) {
      const { fields: placed, form } = splitFormError(err, ['full_name'])
      setFields(placed)
      setFormError(form)
      setSubmitting(false)
    }
  }

  return (
    <Modal labelledBy="name-title" onClose={onClose} testId="name-dialog">
      <h2 id="name-title" className="mb-4 text-lg font-semibold">
        Your name
      </h2>
      <form className="flex flex-col gap-4" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id="full_name"
          label="Full name"
          testId="name-input"
          hint="What others see: 1 to 80 characters. Your username stays."
          maxLength={80}
          autoComplete="name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          errors={fields.full_name}
        />
        <FormAlert message={formError} />
        <div className="modal-action mt-0">
          <button type="button" className="btn" data-testid="name-cancel" onClick={onClose}>
            Cancel
          </button>
          <SubmitButton submitting={submitting} testId="name-save">
            Save
          </SubmitButton>
        </div>
      </form>
    </Modal>
  )
}
