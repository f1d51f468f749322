import { formatSize } from '../size'

interface StagedFilesProps {
  files: readonly File[]
  onRemove: (index: number) => void
}

/** Files chosen for the message being written, each with a button to take it out again. */
export function StagedFiles({ files, onRemove }: StagedFilesProps) {
  if (files.length === 0) return null
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Files to send" data-testid="staged-files">
      {files.map((file, i) => (
        <li
          key={`${file.name}-${i}`}
          className="flex max-w-full items-center gap-1 rounded-box bg-base-200 py-1 pr-1 pl-3 text-sm"
          data-testid="staged-file"
        >
          <span className="truncate">{file.name}</span>
          <span className="shrink-0 text-xs text-base-content/70">{formatSize(file.size)}</span>
          <button
            type="button"
            className="btn btn-circle btn-ghost btn-xs max-sm:size-11"
            aria-label={`Remove ${file.name}`}
            onClick={() => onRemove(i)}
          >
            ✕
          </button>
        </li>
      ))}
    </ul>
  )
}
