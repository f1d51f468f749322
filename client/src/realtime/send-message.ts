import { SEND_TIMEOUT_MS } from '../config/constants'
import { newClientId } from '../lib/client-id'
import { getSocket } from '../lib/socket'
import { useChatStore } from '../stores/chat-store'
import type { User } from '../types/api'

function emitSend(clientId: string, to: string, text: string): void {
  getSocket()
    .timeout(SEND_TIMEOUT_MS)
    .emit('send_message', { to, text, client_id: clientId }, (err, ack) => {
      const store = useChatStore.getState()
      if (!store.pending[clientId]) return // signed out meanwhile
      if (err || !ack) {
        store.messageFailed(clientId, 'The server did not answer.')
        store.pushToast('Message not sent: the server did not answer. Tap Retry to resend.')
      } else if (!ack.ok) {
        store.messageFailed(clientId, ack.message)
        store.pushToast(`Message not sent: ${ack.message || ack.error}`)
      } else {
        store.messageAcked(clientId, ack.message)
      }
    })
}

/** Show the message at once as pending, then swap in the stored one from the ack. */
export function sendMessage(peer: User, rawText: string): void {
  const text = rawText.trim()
  if (!text) return
  const clientId = newClientId()
  useChatStore.getState().messageQueued(clientId, peer, text)
  emitSend(clientId, peer.id, text)
}

/** Resend with the same client_id: the server answers with the stored copy if it had it. */
export function retryMessage(clientId: string): void {
  const pending = useChatStore.getState().pending[clientId]
  if (!pending || pending.state !== 'failed') return
  useChatStore.getState().messageRetrying(clientId)
  emitSend(clientId, pending.peer.id, pending.text)
}
