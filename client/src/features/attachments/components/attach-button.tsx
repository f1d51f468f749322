import { useRef } from 'react'
import { PaperclipIcon } from '../../../components/ui/icons'

interface AttachButtonProps {
  onFiles: (files: File[]) => void
  disabled?: boolean
}

/** The paperclip: opens the system's file chooser (several files at once). */
export function AttachButton({ onFiles, disabled = false }: AttachButtonProps) {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <button
        type="button"
        className="btn btn-circle btn-ghost max-sm:size-11"
        data-testid="attach-button"
        aria-label="Attach files"
        title="Attach files"
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        <PaperclipIcon />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(e) => {
          onFiles([...(e.currentTarget.files ?? [])])
          e.currentTarget.value = '' // the same file can be chosen again
        }}
      />
    </>
  )
}
