import type { InputHTMLAttributes } from 'react'

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string
  label: string
  testId: string
  /** The field's rules, shown before any attempt. */
  hint?: string
  errors?: string[]
}

/** A labelled input with its hint and the server's field errors under it. */
export function TextField({
  id,
  label,
  testId,
  hint,
  errors = [],
  className = '',
  ...input
}: TextFieldProps) {
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const invalid = errors.length > 0
  const describedBy = [invalid && errorId, hint && hintId].filter(Boolean).join(' ')
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={id}
        data-testid={testId}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy || undefined}
        className={`input w-full ${invalid ? 'input-error' : ''} ${className}`}
        {...input}
      />
      <FieldErrors field={id} errors={errors} />
      {hint && (
        <span id={hintId} className="text-xs text-base-content/70" data-testid="field-hint" data-field={id}>
          {hint}
        </span>
      )}
    </div>
  )
}

/** The server's errors for `field`, under it (id `<field>-error`, for aria-describedby). */
export function FieldErrors({ field, errors }: { field: string; errors: string[] }) {
  if (errors.length === 0) return null
  return (
    <div id={`${field}-error`} className="flex flex-col text-xs text-error-ink">
      {errors.map((e) => (
        <span key={e} data-testid="field-error" data-field={field}>
          {e}
        </span>
      ))}
    </div>
  )
}
