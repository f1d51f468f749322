import { useState } from 'react'
import { SubmitButton } from '../../../components/ui/submit-button'
import { TextField } from '../../../components/ui/text-field'
import { useChatStore } from '../../../stores/chat-store'
import { changePassword } from '../api/session'
import { missingFields, useAuthForm } from '../hooks/use-auth-form'
import { passwordHint, usePasswordRules } from '../hooks/use-password-rules'
import { FormAlert } from './form-alert'

const FIELDS = ['current_password', 'new_password'] as const
const MISSING = { current_password: 'Enter your current password', new_password: 'Enter a new password' }

/** Change the password: every other session (devices, browsers) is signed out; this one stays. */
export function PasswordForm({ onDone }: { onDone: () => void }) {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const pushToast = useChatStore((s) => s.pushToast)
  const { errors, formError, submitting, onSubmit } = useAuthForm(FIELDS)
  const rules = usePasswordRules()
  const input = { current_password: current, new_password: next }

  const submit = async () => {
    await changePassword(input)
    pushToast('Password changed. Your other sessions were signed out.', 'info')
    onDone()
  }

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={onSubmit(submit, { validate: () => missingFields(input, MISSING) })}
      noValidate
    >
      <TextField
        id="current_password"
        label="Current password"
        testId="current-password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        errors={errors.current_password}
      />
      <TextField
        id="new_password"
        label="New password"
        testId="new-password"
        type="password"
        autoComplete="new-password"
        hint={passwordHint(rules)}
        value={next}
        onChange={(e) => setNext(e.target.value)}
        errors={errors.new_password}
      />
      <FormAlert message={formError} />
      <div className="mt-2 flex justify-end gap-2">
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          Cancel
        </button>
        <SubmitButton submitting={submitting} testId="change-password">
          Change password
        </SubmitButton>
      </div>
    </form>
  )
}
