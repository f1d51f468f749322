import { useState } from 'react'
import { SubmitButton } from '../../../components/ui/submit-button'
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
      <SubmitButton submitting={submitting} testId="submit" className="mt-2">
        Sign in
      </SubmitButton>
    </form>
  )
}
