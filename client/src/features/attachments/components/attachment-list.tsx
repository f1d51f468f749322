import { useState } from 'react'
import { FileIcon } from '../../../components/ui/icons'
import type { Attachment } from '../../../types/api'
import { formatSize } from '../size'
import { ImageViewer } from './image-viewer'

/** A stored message's files: images as thumbnails that open full size, the rest as download chips. */
export function AttachmentList({ attachments }: { attachments: readonly Attachment[] }) {
  const [viewing, setViewing] = useState<Attachment | null>(null)
  if (attachments.length === 0) return null
  return (
    <div className="mb-1 flex flex-col gap-1" data-testid="attachments">
      {attachments.map((a) =>
        a.thumbnail_url ? (
          <button
            key={a.id}
            type="button"
            className="block overflow-hidden rounded-box focus-visible:outline-2 focus-visible:outline-primary"
            data-testid="attachment-image"
            aria-label={`Open image ${a.name}`}
            onClick={() => setViewing(a)}
          >
            <img
              src={a.thumbnail_url}
              alt={a.name}
              loading="lazy"
              data-testid="attachment-thumbnail"
              {...thumbnailSize(a)}
              className="block h-auto max-h-80 w-auto max-w-full bg-base-300"
            />
          </button>
        ) : (
          <FileChip key={a.id} name={a.name} size={a.size} href={a.url} />
        ),
      )}
      {viewing && <ImageViewer image={viewing} onClose={() => setViewing(null)} />}
    </div>
  )
}

/** Room for the thumbnail before it loads (no jump of the list): its size scaled to 320 px. */
function thumbnailSize(a: Attachment): { width?: number; height?: number } {
  if (!a.width || !a.height) return {}
  const scale = Math.min(1, 320 / Math.max(a.width, a.height))
  return { width: Math.round(a.width * scale), height: Math.round(a.height * scale) }
}

export function FileChip({ name, size, href }: { name: string; size: number; href?: string }) {
  const body = (
    <>
      <FileIcon className="size-5 shrink-0" />
      <span className="min-w-0 flex-1 truncate">{name}</span>
      <span className="shrink-0 text-xs opacity-80">{formatSize(size)}</span>
    </>
  )
  const chip = 'flex min-h-11 max-w-full items-center gap-2 rounded-box bg-base-100/20 px-3 py-1 text-sm'
  return href ? (
    <a
      className={`${chip} underline-offset-2 hover:underline`}
      href={href}
      download={name}
      data-testid="file-chip"
    >
      {body}
    </a>
  ) : (
    <span className={chip} data-testid="file-chip">
      {body}
    </span>
  )
}
