import { newClientId } from '../lib/client-id'
import type { PendingFile } from '../stores/messages-slice'

/**
 * The files of pending messages, by PendingFile.key. In memory only: a File cannot be saved with
 * the outbox, so after a reload a file not uploaded yet is gone (its message fails, to attach it
 * again); uploaded ones go on by their attachment id.
 */
const files = new Map<string, File>()
/** Local URLs of images among them, shown while they upload; revoked with the file. */
const previews = new Map<string, string>()

export function keepFiles(chosen: readonly File[]): PendingFile[] {
  return chosen.map((file) => {
    const key = newClientId()
    files.set(key, file)
    if (file.type.startsWith('image/') && typeof URL.createObjectURL === 'function')
      previews.set(key, URL.createObjectURL(file))
    return { key, name: file.name, size: file.size, type: file.type, loaded: 0 }
  })
}

export function fileOf(key: string): File | undefined {
  return files.get(key)
}

/** The message is stored (or given up): its files need not stay in memory. */
export function previewOf(key: string): string | undefined {
  return previews.get(key)
}

export function dropFiles(pending: readonly PendingFile[] | undefined): void {
  for (const f of pending ?? []) {
    files.delete(f.key)
    const preview = previews.get(f.key)
    if (preview) URL.revokeObjectURL(preview)
    previews.delete(f.key)
  }
}
