import { useState, type FormEvent } from 'react'
import { useChatStore } from '../../../stores/chat-store'
import type { FieldErrors } from '../../../types/api'
import { splitFormError } from '../components/form-errors'

interface SubmitOptions {
  /** Errors found before asking the server (null when there are none). */
  validate?: () => FieldErrors | null
}

/**
 * The submit cycle of the sign-in and sign-up forms: server field errors go under the form's own
 * fields, anything else to a toast; the button stays busy on success (the page changes).
 */
export function useAuthForm(fields: readonly string[]) {
  const pushToast = useChatStore((s) => s.pushToast)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [submitting, setSubmitting] = useState(false)

  const onSubmit =
    (run: () => Promise<void>, { validate }: SubmitOptions = {}) =>
    async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault()
      const invalid = validate?.()
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
        if (split.toast) pushToast(split.toast)
        setSubmitting(false)
      }
    }

  return { errors, submitting, onSubmit }
}
