import { useState } from 'react'
import { SubmitButton } from '../../../components/ui/submit-button'
import { TextField } from '../../../components/ui/text-field'
import { useChatStore } from '../../../stores/chat-store'
import { changePassword } from '../api/session'
import { useAuthForm } from '../hooks/use-auth-form'

const FIELDS = ['current_password', 'new_password'] as const

/** Change the password: every other session (devices, browsers) is signed out; this one stays. */
export function PasswordForm({ onDone }: { onDone: () => void }) {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const pushToast = useChatStore((s) => s.pushToast)
  const { errors, submitting, onSubmit } = useAuthForm(FIELDS)

  const submit = async () => {
    await changePassword({ current_password: current, new_password: next })
    pushToast('Password changed. Your other sessions were signed out.', 'info')
    onDone()
  }

  return (
    <form className="flex flex-col gap-3" onSubmit={onSubmit(submit)} noValidate>
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
        value={next}
        onChange={(e) => setNext(e.target.value)}
        errors={errors.new_password}
      />
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
