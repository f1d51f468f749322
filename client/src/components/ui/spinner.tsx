/** A centred spinner, named for what it waits for. */
export function Spinner({ label }: { label: string }) {
  return (
    <div className="flex justify-center p-4">
      <span className="loading loading-spinner" aria-label={label} />
    </div>
  )
}
