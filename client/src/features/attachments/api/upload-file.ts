import { ApiError } from '../../../lib/api-client'
import { readCookie } from '../../../lib/cookies'
import { refreshSession } from '../../../lib/session-refresh'
import type { Attachment } from '../../../types/api'

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

/** One POST with upload progress events (fetch has none): XMLHttpRequest. */
function post(conversationId: string, file: File, onProgress: UploadProgress): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/conversations/${encodeURIComponent(conversationId)}/attachments`)
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    const csrf = readCookie('csrf_access_token')
    if (csrf) xhr.setRequestHeader('X-CSRF-TOKEN', csrf)
    xhr.upload.onprogress = (event) => onProgress(event.loaded)
    xhr.onload = () => {
      if (xhr.status !== 201) return reject(errorOf(xhr))
      try {
        resolve((JSON.parse(xhr.responseText) as { attachment: Attachment }).attachment)
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

/** Upload a file for the next message in a conversation; an expired access token is refreshed once. */
export async function uploadFile(
  conversationId: string,
  file: File,
  onProgress: UploadProgress,
): Promise<Attachment> {
  try {
    return await post(conversationId, file, onProgress)
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'token_expired') throw err
    if ((await refreshSession()) !== 'refreshed') throw err
    onProgress(0)
    return post(conversationId, file, onProgress)
  }
}
