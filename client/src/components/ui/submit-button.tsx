import type { ReactNode } from 'react'

interface SubmitButtonProps {
  submitting: boolean
  testId: string
  className?: string
  children: ReactNode
}

/** A form's submit button: disabled, with a spinner, while the request is out. */
export function SubmitButton({ submitting, testId, className = '', children }: SubmitButtonProps) {
  return (
    <button
      type="submit"
      className={`btn btn-primary ${className}`}
      data-testid={testId}
      disabled={submitting}
    >
      {submitting && <span className="loading loading-sm loading-spinner" />}
      {children}
    </button>
  )
}
