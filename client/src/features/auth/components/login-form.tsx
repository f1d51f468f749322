import { useState } from 'react'
import { TextField } from '../../../components/ui/text-field'
import { login } from '../api/session'
import { useAuthForm } from '../hooks/use-auth-form'

const FIELDS = ['username', 'password'] as const

export function LoginForm() {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const { errors, submitting, onSubmit } = useAuthForm(FIELDS)

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={onSubmit(() => login({ username: username.trim(), password }))}
      noValidate
    >
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
