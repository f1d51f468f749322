import { useState } from 'react'
import { SubmitButton } from '../../../components/ui/submit-button'
import { TextField } from '../../../components/ui/text-field'
import { login } from '../api/session'
import { missingFields, useAuthForm } from '../hooks/use-auth-form'
import { FormAlert } from './form-alert'

const FIELDS = ['username', 'password'] as const
const MISSING = { username: 'Enter your username', password: 'Enter your password' }

export function LoginForm() {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const { errors, formError, submitting, onSubmit } = useAuthForm(FIELDS)
  const input = () => ({ username: username.trim(), password })

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={onSubmit(() => login(input()), { validate: () => missingFields(input(), MISSING) })}
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
      <FormAlert message={formError} />
      <SubmitButton submitting={submitting} testId="submit" className="mt-2">
        Sign in
      </SubmitButton>
    </form>
  )
}
