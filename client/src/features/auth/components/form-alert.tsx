/** A form's error that belongs to no single field, shown inside the form above its buttons. */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null
  return (
    <div
      role="alert"
      className="alert alert-error alert-soft py-2 text-sm text-base-content"
      data-testid="form-error"
    >
      {message}
    </div>
  )
}
