import type { RefObject } from 'react'
import { ApiError } from '../../../lib/api-client'
import { useChatStore } from '../../../stores/chat-store'
import { uploadAvatar } from '../../attachments/api/upload-file'

async function setPicture(file: File): Promise<void> {
  const store = useChatStore.getState()
  try {
    store.profileChanged(await uploadAvatar(file))
    store.pushToast('Picture changed', 'success')
  } catch (err) {
    store.pushToast(err instanceof ApiError ? err.message : 'The picture could not be changed')
  }
}

/** A hidden image chooser (the caller clicks it): the chosen image becomes our profile picture. */
export function PictureInput({ input }: { input: RefObject<HTMLInputElement | null> }) {
  return (
    <input
      ref={input}
      type="file"
      accept="image/png,image/jpeg,image/webp,image/gif"
      hidden
      data-testid="picture-input"
      onChange={(e) => {
        const file = e.currentTarget.files?.[0]
        e.currentTarget.value = ''
        if (file) void setPicture(file)
      }}
    />
  )
}
