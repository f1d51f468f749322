import { COME_BACK_LATER, OUTBOX_MAX_ATTEMPTS, PERMANENT_SEND_ERRORS } from '../config/constants'
import { ApiError } from '../lib/api-client'
import { backoffDelay } from '../lib/backoff'
import { newClientId } from '../lib/client-id'
import { useChatStore } from '../stores/chat-store'
import type { PendingMessage, SendTarget } from '../stores/messages-slice'
import { outboxInOrder } from '../stores/selectors'
import type { Attachment, ReplyQuote, SendMessageAck, SendMessagePayload } from '../types/api'
import { dropFiles, fileOf, keepFiles } from './outbox-files'

/** Send refusals about the answered message (deleted, or gone): a retry goes without the reply. */
const REPLY_GONE: ReadonlySet<string> = new Set(['message_deleted', 'message_not_found'])

/** Upload refusals that another try would get again. */
const PERMANENT_UPLOAD_ERRORS: ReadonlySet<string> = new Set([
  'file_too_large',
  'quota_exceeded',
  'image_too_large',
  'invalid_image',
  'invalid_input',
  'conversation_not_found',
  'file_lost',
])

/** How the outbox reaches the server: the socket in the app, a fake in tests. */
export interface OutboxTransport {
  isConnected: () => boolean
  /** Resolves with the ack; rejects when none comes (timeout, disconnect). */
  send: (payload: SendMessagePayload) => Promise<SendMessageAck>
  /** Upload one file of a message; rejects with an ApiError. */
  upload: (conversationId: string, file: File, onProgress: (loaded: number) => void) => Promise<Attachment>
}

export interface Outbox {
  /** Show the message at once as pending, then send it when the socket is up. */
  enqueue: (target: SendTarget, text: string, replyTo?: ReplyQuote, files?: readonly File[]) => void
  /** Resend a failed message with the same client_id and a fresh budget of attempts. */
  retry: (clientId: string) => void
  /** The socket (re)connected: send what waits, now. */
  flush: () => void
}

/**
 * One message in flight at a time, oldest typed first, so the server stores them in the order typed.
 * Resends reuse the client_id: the server answers with the stored copy instead of storing another.
 */
export function createOutbox(transport: OutboxTransport, random: () => number = Math.random): Outbox {
  let inFlight: string | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  /** client_id → earliest time of its next attempt (after an unanswered one). */
  const notBefore = new Map<string, number>()
  /** client_id → how many times in a row an overloaded server asked it to come back later. */
  const busyAnswers = new Map<string, number>()

  function fail(clientId: string, reason: string, code?: string): void {
    notBefore.delete(clientId)
    useChatStore.getState().messageFailed(clientId, reason, code)
    useChatStore.getState().pushToast(`Message not sent: ${reason}`)
  }

  function unanswered(clientId: string, reason: string): void {
    useChatStore.getState().messageAttempted(clientId)
    const attempts = useChatStore.getState().pending[clientId]?.attempts ?? 0
    if (attempts >= OUTBOX_MAX_ATTEMPTS) fail(clientId, reason)
    else notBefore.set(clientId, Date.now() + backoffDelay(attempts, random))
  }

  /**
   * The server stored nothing and asked to be tried later (`server_busy`, `unavailable`): no attempt
   * used up, just a wait of its retry_after or a growing backoff, whichever is longer.
   */
  function comeBackLater(clientId: string, retryAfterSeconds: number | undefined): void {
    const times = (busyAnswers.get(clientId) ?? 0) + 1
    busyAnswers.set(clientId, times)
    const wait = Math.max(backoffDelay(times, random), (retryAfterSeconds ?? 0) * 1000)
    notBefore.set(clientId, Date.now() + wait)
  }

  function settle(clientId: string, userId: string, ack: SendMessageAck | null): void {
    inFlight = null
    if (ack?.ok === false && COME_BACK_LATER.has(ack.error)) {
      comeBackLater(clientId, ack.retry_after)
      return pump()
    }
    busyAnswers.delete(clientId)
    const state = useChatStore.getState()
    // Signed out meanwhile, or a sync already brought the stored copy.
    const pending = state.pending[clientId]
    if (state.user?.id !== userId || !pending) return pump()
    if (ack?.ok) {
      notBefore.delete(clientId)
      dropFiles(pending.files)
      state.messageAcked(clientId, ack.message)
    } else if (ack?.ok === false && ack.error === 'invalid_attachments' && pending.files) {
      // Uploads the server removed (unsent for an hour): upload them again, if we still can.
      state.filesExpired(clientId)
      unanswered(clientId, ack.message || ack.error)
    } else if (
      ack &&
      (PERMANENT_SEND_ERRORS.has(ack.error) || (pending.replyTo && REPLY_GONE.has(ack.error)))
    ) {
      // Blocked from another tab or device: show the notice here too.
      if (ack.error === 'unblock_first' && pending.peer) state.peerBlockChanged(pending.peer.id, true)
      fail(clientId, ack.message || ack.error, ack.error)
    } else if (ack) {
      unanswered(clientId, ack.message || ack.error)
    } else if (transport.isConnected()) {
      unanswered(clientId, 'the server did not answer.')
    }
    // No ack because the socket went down is no attempt: the message goes again on reconnect.
    pump()
  }

  function pump(): void {
    clearTimeout(timer)
    timer = undefined
    const state = useChatStore.getState()
    if (inFlight || !state.user || !transport.isConnected()) return
    const next = outboxInOrder(state.pending).find((p) => p.state === 'pending')
    if (!next) return
    const wait = (notBefore.get(next.clientId) ?? 0) - Date.now()
    if (wait > 0) {
      timer = setTimeout(pump, wait)
      return
    }
    const { clientId } = next
    const userId = state.user.id
    inFlight = clientId
    uploadFiles(next).then(
      (ready) => {
        if (!ready) return settle(clientId, userId, null) // gone meanwhile
        transport.send(payloadOf(ready)).then(
          (ack) => settle(clientId, userId, ack),
          () => settle(clientId, userId, null),
        )
      },
      (err: unknown) => uploadFailed(clientId, err),
    )
  }

  /** Upload what is not yet uploaded, one file at a time; the entry as it then is. */
  async function uploadFiles(p: PendingMessage): Promise<PendingMessage | undefined> {
    for (const f of p.files ?? []) {
      if (f.attachment) continue
      const file = fileOf(f.key)
      if (!file) throw new ApiError(0, 'file_lost', `${f.name} is no longer here: attach it again.`)
      const store = useChatStore.getState()
      const attachment = await transport.upload(p.conversationId ?? '', file, (loaded) =>
        store.fileProgress(p.clientId, f.key, loaded),
      )
      useChatStore.getState().fileUploaded(p.clientId, f.key, attachment)
    }
    return useChatStore.getState().pending[p.clientId]
  }

  function uploadFailed(clientId: string, err: unknown): void {
    inFlight = null
    const error = err instanceof ApiError ? err : new ApiError(0, 'network_error', 'the upload failed.')
    if (PERMANENT_UPLOAD_ERRORS.has(error.code)) fail(clientId, error.message, error.code)
    else if (error.code === 'rate_limited' || error.status === 503) comeBackLater(clientId, undefined)
    else unanswered(clientId, error.message)
    pump()
  }

  return {
    enqueue: (target, rawText, replyTo, files = []) => {
      const text = rawText.trim()
      if ((!text && files.length === 0) || !useChatStore.getState().user) return
      useChatStore.getState().messageQueued(newClientId(), target, text, replyTo, keepFiles(files))
      pump()
    },
    retry: (clientId) => {
      const failed = useChatStore.getState().pending[clientId]
      if (failed?.state !== 'failed') return
      notBefore.delete(clientId)
      useChatStore.getState().messageRetrying(clientId, REPLY_GONE.has(failed.errorCode ?? ''))
      pump()
    },
    flush: () => {
      notBefore.clear()
      pump()
    },
  }
}

/** To a person by their id (the server finds or makes the direct conversation); to a group by its id. */
function payloadOf(p: PendingMessage): SendMessagePayload {
  const reply = p.replyTo?.id ? { reply_to: p.replyTo.id } : {}
  const ids = (p.files ?? []).flatMap((f) => (f.attachment ? [f.attachment.id] : []))
  if (ids.length > 0) {
    // Files belong to the conversation they were uploaded to: sent to it by id.
    const to = p.conversationId ?? ''
    return { conversation_id: to, text: p.text, client_id: p.clientId, attachment_ids: ids, ...reply }
  }
  if (p.peer) return { to: p.peer.id, text: p.text, client_id: p.clientId, ...reply }
  return { conversation_id: p.conversationId ?? '', text: p.text, client_id: p.clientId, ...reply }
}
