const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 })

/** "0 B", "820 B", "12 KB", "1.4 MB": a file's size as people read it. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${oneDecimal.format(bytes / (1024 * 1024))} MB`
}

/** Images the server shows inline (it decides from the bytes; this is for local previews only). */
export function looksLikeImage(type: string): boolean {
  return /^image\/(png|jpeg|webp|gif)$/.test(type)
}
