import { SEND_TIMEOUT_MS } from '../config/constants'
import { getSocket } from '../lib/socket'
import type { PendingAction } from '../stores/message-changes'
import type { MessageAck } from '../types/api'
import { createActionQueue } from './action-queue'

function emit(action: PendingAction): Promise<MessageAck> {
  const socket = getSocket().timeout(SEND_TIMEOUT_MS)
  if (action.kind === 'edit') {
    return socket.emitWithAck('edit_message', { message_id: action.messageId, text: action.text })
  }
  if (action.kind === 'delete') return socket.emitWithAck('delete_message', { message_id: action.messageId })
  return socket.emitWithAck('react', { message_id: action.messageId, emoji: action.emoji, on: action.on })
}

/** The app's queue of edits, deletions and reactions, over the one socket. */
const queue = createActionQueue({ isConnected: () => getSocket().connected, send: emit })

type Target = { id: string; conversation_id: string }

export function editMessage(message: Target, text: string): void {
  const trimmed = text.trim()
  if (trimmed)
    queue.enqueue({
      kind: 'edit',
      messageId: message.id,
      conversationId: message.conversation_id,
      text: trimmed,
    })
}

export function deleteMessage(message: Target): void {
  queue.enqueue({ kind: 'delete', messageId: message.id, conversationId: message.conversation_id })
}

export function react(message: Target, emoji: string, on: boolean): void {
  queue.enqueue({ kind: 'react', messageId: message.id, conversationId: message.conversation_id, emoji, on })
}

/** After (re)connecting: send every action that waits. */
export function flushActions(): void {
  queue.flush()
}
