import { useId } from 'react'
import { Modal } from '../../../components/ui/modal'
import type { Attachment } from '../../../types/api'

interface ImageViewerProps {
  image: Attachment
  onClose: () => void
}

/** An image at full size (as large as the screen allows), with its name and a download link. */
export function ImageViewer({ image, onClose }: ImageViewerProps) {
  const titleId = useId()
  return (
    <Modal labelledBy={titleId} onClose={onClose} testId="image-viewer" wide>
      <div className="flex items-center gap-2 pb-2">
        <h2 id={titleId} className="min-w-0 flex-1 truncate font-semibold">
          {image.name}
        </h2>
        <a className="btn btn-ghost btn-sm max-sm:min-h-11" href={image.url} download={image.name}>
          Download
        </a>
        <button
          type="button"
          className="btn btn-circle btn-ghost btn-sm max-sm:size-11"
          data-testid="image-viewer-close"
          aria-label="Close"
          onClick={onClose}
        >
          ✕
        </button>
      </div>
      <img
        src={image.url}
        alt={image.name}
        data-testid="full-image"
        width={image.width ?? undefined}
        height={image.height ?? undefined}
        className="mx-auto h-auto max-h-[80vh] w-auto max-w-full object-contain"
      />
    </Modal>
  )
}
