import { ApiError } from '../../../lib/api-client'
import { readCookie } from '../../../lib/cookies'
import { refreshSession } from '../../../lib/session-refresh'
import type { Attachment, User } from '../../../types/api'

/** Bytes sent so far of the file's upload. */
export type UploadProgress = (loaded: number) => void

function errorOf(xhr: XMLHttpRequest): ApiError {
  if (xhr.status === 0)
    return new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection.')
  try {
    const body = JSON.parse(xhr.responseText) as { error?: unknown; code?: unknown }
    if (typeof body.code === 'string' && typeof body.error === 'string')
      return new ApiError(xhr.status, body.code, body.error)
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  if (xhr.status === 413) return new ApiError(413, 'file_too_large', 'This file is too large')
  return new ApiError(xhr.status, 'http_error', `Upload failed (${xhr.status})`)
}

/** One POST of a file with upload progress events (fetch has none): XMLHttpRequest. */
function post<T>(path: string, file: File, onProgress: UploadProgress, ok: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    const csrf = readCookie('csrf_access_token')
    if (csrf) xhr.setRequestHeader('X-CSRF-TOKEN', csrf)
    xhr.upload.onprogress = (event) => onProgress(event.loaded)
    xhr.onload = () => {
      if (xhr.status !== ok) return reject(errorOf(xhr))
      try {
        resolve(JSON.parse(xhr.responseText) as T)
      } catch {
        reject(new ApiError(xhr.status, 'http_error', 'The server answered something unexpected'))
      }
    }
    xhr.onerror = () => reject(errorOf(xhr))
    const body = new FormData()
    body.append('file', file, file.name)
    xhr.send(body)
  })
}

/** post, refreshing an expired access token once. */
async function postFile<T>(path: string, file: File, onProgress: UploadProgress, ok: number): Promise<T> {
  try {
    return await post<T>(path, file, onProgress, ok)
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'token_expired') throw err
    if ((await refreshSession()) !== 'refreshed') throw err
    onProgress(0)
    return post<T>(path, file, onProgress, ok)
  }
}

/** Upload a file for the next message in a conversation. */
export async function uploadFile(
  conversationId: string,
  file: File,
  onProgress: UploadProgress,
): Promise<Attachment> {
  const path = `/api/conversations/${encodeURIComponent(conversationId)}/attachments`
  return (await postFile<{ attachment: Attachment }>(path, file, onProgress, 201)).attachment
}

/** Make an image our profile picture; the user as it then is. */
export async function uploadAvatar(file: File): Promise<User> {
  return (await postFile<{ user: User }>('/api/users/me/avatar', file, () => {}, 200)).user
}
