import { ApiError } from '../../../lib/api-client'
import type { FieldErrors } from '../../../types/api'

/**
 * Split a failed submit into errors shown under the form's own fields and a message for the whole
 * form (null when every problem has a field to sit under).
 */
export function splitFormError(
  err: unknown,
  formFields: readonly string[],
): { fields: FieldErrors; form: string | null } {
  if (!(err instanceof ApiError)) {
    return { fields: {}, form: err instanceof Error ? err.message : 'Something went wrong.' }
  }
  const fields: FieldErrors = {}
  let unplaced = false
  for (const [name, messages] of Object.entries(err.fields)) {
    if (formFields.includes(name)) fields[name] = messages
    else unplaced = true
  }
  if (err.status === 409 && !fields.username && formFields.includes('username')) {
    fields.username = [err.message]
  }
  const placed = Object.keys(fields).length > 0
  return { fields, form: placed && !unplaced ? null : err.message }
}
