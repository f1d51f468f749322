import { previewOf } from '../../../realtime/outbox-files'
import type { PendingFile } from '../../../stores/messages-slice'
import { looksLikeImage } from '../size'
import { FileChip } from './attachment-list'

/** A pending message's files: a local preview of images, each with how much is uploaded. */
export function UploadList({ files }: { files: readonly PendingFile[] }) {
  return (
    <div className="mb-1 flex flex-col gap-1" data-testid="uploads">
      {files.map((f) => (
        <div key={f.key} className="flex flex-col gap-1" data-testid="upload">
          {looksLikeImage(f.type) ? <LocalPreview file={f} /> : <FileChip name={f.name} size={f.size} />}
          <progress
            className="progress h-1 w-full"
            data-testid="upload-progress"
            aria-label={`Uploading ${f.name}`}
            value={f.attachment ? f.size : f.loaded}
            max={Math.max(f.size, 1)}
          />
        </div>
      ))}
    </div>
  )
}

function LocalPreview({ file }: { file: PendingFile }) {
  const url = previewOf(file.key)
  if (!url) return <FileChip name={file.name} size={file.size} />
  return <img src={url} alt={file.name} className="block h-auto max-h-80 w-auto max-w-full rounded-box" />
}
