import { useState } from 'react'
import { SubmitButton } from '../../../components/ui/submit-button'
import { TextField } from '../../../components/ui/text-field'
import type { Gender } from '../../../types/api'
import { signup } from '../api/session'
import { useAuthForm } from '../hooks/use-auth-form'
import { passwordHint, usePasswordRules } from '../hooks/use-password-rules'
import { FormAlert } from './form-alert'

const FIELDS = ['full_name', 'username', 'password', 'confirm_password', 'gender'] as const

export function SignupForm() {
  const [form, setForm] = useState({ full_name: '', username: '', password: '', confirm_password: '' })
  const [gender, setGender] = useState<Gender | ''>('')
  const { errors, formError, submitting, onSubmit } = useAuthForm(FIELDS)
  const rules = usePasswordRules()

  const update = (name: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [name]: e.target.value }))

  const submit = onSubmit(
    () =>
      signup({
        full_name: form.full_name.trim(),
        username: form.username.trim(),
        password: form.password,
        confirm_password: form.confirm_password,
        ...(gender ? { gender } : {}),
      }),
    {
      // Empty fields are left to the server, which names every problem at once.
      validate: () =>
        form.password === form.confirm_password ? null : { confirm_password: ['Passwords do not match.'] },
    },
  )

  return (
    <form className="flex flex-col gap-3" onSubmit={submit} noValidate>
      <TextField
        id="full_name"
        label="Full name"
        testId="full-name"
        autoComplete="name"
        autoFocus
        maxLength={80}
        value={form.full_name}
        onChange={update('full_name')}
        errors={errors.full_name}
      />
      <TextField
        id="username"
        label="Username"
        testId="username"
        autoComplete="username"
        maxLength={32}
        hint="3 to 32 letters, digits, dots or underscores."
        value={form.username}
        onChange={update('username')}
        errors={errors.username}
      />
      <TextField
        id="password"
        label="Password"
        testId="password"
        type="password"
        autoComplete="new-password"
        maxLength={128}
        hint={passwordHint(rules)}
        value={form.password}
        onChange={update('password')}
        errors={errors.password}
      />
      <TextField
        id="confirm_password"
        label="Confirm password"
        testId="confirm-password"
        type="password"
        autoComplete="new-password"
        maxLength={128}
        value={form.confirm_password}
        onChange={update('confirm_password')}
        errors={errors.confirm_password}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="gender" className="text-sm font-medium">
          Gender <span className="font-normal text-base-content/60">(optional)</span>
        </label>
        <select
          id="gender"
          name="gender"
          data-testid="gender"
          className={`select w-full ${errors.gender ? 'select-error' : ''}`}
          value={gender}
          onChange={(e) => setGender(e.target.value as Gender | '')}
        >
          <option value="">Prefer not to say</option>
          <option value="female">Female</option>
          <option value="male">Male</option>
          <option value="other">Other</option>
        </select>
        {errors.gender?.map((e) => (
          <span key={e} className="text-xs text-error-ink" data-testid="field-error" data-field="gender">
            {e}
          </span>
        ))}
      </div>
      <FormAlert message={formError} />
      <SubmitButton submitting={submitting} testId="submit" className="mt-2">
        Create account
      </SubmitButton>
    </form>
  )
}
