import { useState, type FormEvent } from 'react'
import { TextField } from '../../../components/ui/text-field'
import { useChatStore } from '../../../stores/chat-store'
import type { FieldErrors } from '../../../types/api'
import { login } from '../api/session'
import { splitFormError } from './form-errors'

const FIELDS = ['username', 'password'] as const

export function LoginForm() {
  const pushToast = useChatStore((s) => s.pushToast)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [submitting, setSubmitting] = useState(false)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setSubmitting(true)
    setErrors({})
    try {
      await login({ username: username.trim(), password })
    } catch (err) {
      const { fields, toast } = splitFormError(err, FIELDS)
      setErrors(fields)
      if (toast) pushToast(toast)
      setSubmitting(false)
    }
  }

  return (
    <form className="flex flex-col gap-3" onSubmit={onSubmit} noValidate>
      <TextField
        id="username"
        label="Username"
        testId="username"
        autoComplete="username"
        autoFocus
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        errors={errors.username}
      />
      <TextField
        id="password"
        label="Password"
        testId="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        errors={errors.password}
      />
      <button type="submit" className="btn mt-2 btn-primary" data-testid="submit" disabled={submitting}>
        {submitting && <span className="loading loading-sm loading-spinner" />}
        Sign in
      </button>
    </form>
  )
}
