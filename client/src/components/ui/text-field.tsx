import type { InputHTMLAttributes } from 'react'

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string
  label: string
  testId: string
  errors?: string[]
}

/** A labelled input with the server's field errors under it. */
export function TextField({ id, label, testId, errors = [], className = '', ...input }: TextFieldProps) {
  const errorId = `${id}-error`
  const invalid = errors.length > 0
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
        aria-describedby={invalid ? errorId : undefined}
        className={`input w-full ${invalid ? 'input-error' : ''} ${className}`}
        {...input}
      />
      {invalid && (
        <div id={errorId} className="flex flex-col text-xs text-error">
          {errors.map((e) => (
            <span key={e} data-testid="field-error" data-field={id}>
              {e}
            </span>
          ))}
        </div>
      )}
    </div>
  )
}
