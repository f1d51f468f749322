import { SEND_TIMEOUT_MS } from '../config/constants'
import { uploadFile } from '../features/attachments/api/upload-file'
import { getSocket } from '../lib/socket'
import type { SendTarget } from '../stores/messages-slice'
import type { ReplyQuote } from '../types/api'
import { createOutbox } from './outbox'

/** The app's outbox, sending over the one socket. */
const outbox = createOutbox({
  isConnected: () => getSocket().connected,
  send: (payload) => getSocket().timeout(SEND_TIMEOUT_MS).emitWithAck('send_message', payload),
  upload: uploadFile,
})

export function sendMessage(
  target: SendTarget,
  text: string,
  replyTo?: ReplyQuote,
  files?: readonly File[],
): void {
  outbox.enqueue(target, text, replyTo, files)
}

export function retryMessage(clientId: string): void {
  outbox.retry(clientId)
}

/** After (re)connecting: send everything that waits. */
export function flushOutbox(): void {
  outbox.flush()
}
