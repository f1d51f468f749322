import { useState, type FormEvent } from 'react'
import type { FieldErrors } from '../../../types/api'
import { splitFormError } from '../components/form-errors'

interface SubmitOptions {
  /** Errors found before asking the server (null when there are none). */
  validate?: () => FieldErrors | null
}

/**
 * The submit cycle of the auth forms: server field errors go under the form's own fields, anything
 * else (wrong password, too many attempts, no network) into the form itself, never a toast — so it
 * goes with the form once the form has done its job. The button stays busy on success.
 */
export function useAuthForm(fields: readonly string[]) {
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)

  const onSubmit =
    (run: () => Promise<void>, { validate }: SubmitOptions = {}) =>
    async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault()
      const invalid = validate?.()
      setFormError(null)
      if (invalid) {
        setErrors(invalid)
        return
      }
      setSubmitting(true)
      setErrors({})
      try {
        await run()
      } catch (err) {
        const split = splitFormError(err, fields)
        setErrors(split.fields)
        setFormError(split.form)
        setSubmitting(false)
      }
    }

  return { errors, formError, submitting, onSubmit }
}

/** Before asking the server: the fields left empty, each saying what to enter, as the server would. */
export function missingFields(
  values: Record<string, string>,
  messages: Record<string, string>,
): FieldErrors | null {
  const missing: FieldErrors = {}
  for (const [name, message] of Object.entries(messages)) {
    if (!values[name]) missing[name] = [message]
  }
  return Object.keys(missing).length > 0 ? missing : null
}
