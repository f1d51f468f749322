import { useState, type ClipboardEvent, type DragEvent } from 'react'

const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files')

/**
 * Files dropped on the composer or pasted into it (a screenshot, a copied file) go to `onFiles`;
 * `dragging` is true while files are held over it. Pasted text stays the field's.
 */
export function useFileDrop(onFiles: (files: File[]) => void, enabled: boolean) {
  const [dragging, setDragging] = useState(false)
  if (!enabled) return { dragging: false, handlers: {} }
  return {
    dragging,
    handlers: {
      onDragOver: (event: DragEvent) => {
        if (!hasFiles(event)) return
        event.preventDefault()
        setDragging(true)
      },
      onDragLeave: (event: DragEvent) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false)
      },
      onDrop: (event: DragEvent) => {
        if (!hasFiles(event)) return
        event.preventDefault()
        setDragging(false)
        onFiles([...event.dataTransfer.files])
      },
      onPaste: (event: ClipboardEvent) => {
        const files = [...event.clipboardData.files]
        if (files.length === 0) return
        event.preventDefault()
        onFiles(files)
      },
    },
  }
}
