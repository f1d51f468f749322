import { TYPING_SEND_INTERVAL_MS, TYPING_TIMEOUT_MS } from '../config/constants'
import { getSocket } from '../lib/socket'
import { useChatStore } from '../stores/chat-store'
import { canWrite } from '../stores/conversation-helpers'
import type { TypingAck } from '../types/api'

export interface TypingTransport {
  isConnected: () => boolean
  send: (payload: { conversation_id: string }) => Promise<TypingAck>
}

export interface TypingNotifier {
  /** The user typed in the composer of a conversation: tell the others, at most once per interval. */
  userTyped: (conversationId: string) => void
  /** The user sent a message (which ends their "is typing" for the others): the next keystroke tells again. */
  messageSent: (conversationId: string) => void
}

/**
 * `typing` at most once per `intervalMs` per conversation, only to a conversation we may write in,
 * and never while the user's "Send my typing indicator" is off (or not known yet).
 */
export function createTypingNotifier(
  transport: TypingTransport,
  intervalMs = TYPING_SEND_INTERVAL_MS,
): TypingNotifier {
  const sentAt = new Map<string, number>()
  return {
    userTyped: (conversationId) => {
      const state = useChatStore.getState()
      const conversation = state.conversations.find((c) => c.id === conversationId)
      if (!state.settings?.share_typing || !conversation || !canWrite(conversation)) return
      if (!transport.isConnected()) return
      const last = sentAt.get(conversationId)
      if (last !== undefined && Date.now() - last < intervalMs) return
      sentAt.set(conversationId, Date.now())
      transport.send({ conversation_id: conversationId }).then(
        (ack) => {
          // Switched off in another tab: stop here too.
          const settings = useChatStore.getState().settings
          if (ack.ok && !ack.sent && settings) {
            useChatStore.getState().settingsLoaded({ ...settings, share_typing: false })
          }
        },
        () => undefined, // a lost typing indicator is not worth a retry
      )
    },
    messageSent: (conversationId) => {
      sentAt.delete(conversationId)
    },
  }
}

const notifier = createTypingNotifier({
  isConnected: () => getSocket().connected,
  send: (payload) => getSocket().timeout(TYPING_TIMEOUT_MS).emitWithAck('typing', payload),
})

export const { userTyped, messageSent: typingEnded } = notifier
