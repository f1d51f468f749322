import { BACK_ONLINE_MS } from '../config/constants'
import { checkSession } from '../features/auth/api/session'
import { loadConversations, refreshConversation } from '../features/conversations/api/conversations-api'
import { loadMessageRules } from '../features/messages/api/messages-api'
import { alertNewMessage } from '../features/notifications/notify'
import { loadSettings } from '../features/settings/api/settings-api'
import { connectSocket, reconnectNow, type ChatSocket } from '../lib/socket'
import { useChatStore } from '../stores/chat-store'
import { flushActions } from './message-actions'
import { acknowledgeDelivery, resetReceipts } from './receipts'
import { flushOutbox } from './send-message'
import { catchUp } from './sync'

const RETRY_CONNECT_MS = 5000

const signedIn = () => useChatStore.getState().authStatus === 'authenticated'

/** Route server events into the store; call once at start-up. */
export function bindSocket(socket: ChatSocket): void {
  let connectedOnce = false
  /** Bumped on every connect and disconnect: a catch-up of an older connection must not report. */
  let generation = 0

  socket.on('connect', () => {
    const reconnected = connectedOnce
    const run = ++generation
    connectedOnce = true
    resetReceipts()
    useChatStore.getState().connectionSyncing()
    if (!useChatStore.getState().settings) void loadSettings()
    void loadMessageRules()
    flushOutbox()
    flushActions()
    void catchUp().then(() => {
      if (run !== generation || !socket.connected) return
      useChatStore.getState().connectionSynced(reconnected)
      if (!reconnected) return
      setTimeout(() => {
        if (run === generation) useChatStore.getState().backOnlineSeen()
      }, BACK_ONLINE_MS)
    })
  })

  socket.on('disconnect', (reason) => {
    generation++
    // Presence is unknown while offline; online_users refills it on reconnect.
    useChatStore.getState().onlineUsersReceived([])
    if (signedIn()) useChatStore.getState().connectionLost()
    if (reason === 'io client disconnect') connectedOnce = false
    else if (reason === 'io server disconnect') void retryIfSignedIn()
  })

  socket.on('connect_error', () => {
    if (signedIn()) useChatStore.getState().connectionLost()
    // A refused handshake is not retried by socket.io itself.
    if (!socket.active) void retryIfSignedIn()
  })

  socket.on('online_users', ({ user_ids }) => useChatStore.getState().onlineUsersReceived(user_ids))

  socket.on('presence', ({ user_id, online, last_seen_at, shared }) => {
    const store = useChatStore.getState()
    store.presenceChanged(user_id, online, last_seen_at ?? undefined)
    if (shared !== undefined) store.presenceSharingChanged(user_id, shared)
  })

  socket.on('new_message', ({ message }) => {
    const known = useChatStore.getState().messageReceived(message)
    acknowledgeDelivery([message])
    // Added to a group (or written to first): the list learns the conversation, which names
    // the notification.
    if (!known) void loadConversations().then(() => alertNewMessage(message))
    else alertNewMessage(message)
    // A group changed (title, members, roles): its header and member list follow.
    if (known && message.kind === 'system') void refreshConversation(message.conversation_id)
  })

  // Edits, deletions and reactions by others (or by us in another tab).
  socket.on('message_updated', ({ message }) => useChatStore.getState().messagesChanged([message]))

  socket.on('user_updated', ({ user }) => useChatStore.getState().userUpdated(user))

  socket.on('membership_updated', ({ conversation_id, muted }) =>
    useChatStore.getState().mutedChanged(conversation_id, muted),
  )

  socket.on('reaction', (event) => useChatStore.getState().reactionReceived(event))

  socket.on('delivered', (event) => useChatStore.getState().deliveredReceived(event))

  socket.on('read', (event) => useChatStore.getState().readReceived(event))

  socket.on('typing', ({ conversation_id, user_id }) =>
    useChatStore.getState().typingReceived(conversation_id, user_id),
  )

  window.addEventListener('online', () => {
    if (signedIn()) reconnectNow()
  })
}

async function retryIfSignedIn(): Promise<void> {
  if (!signedIn()) return
  const session = await checkSession()
  if (session === 'expired') return
  setTimeout(() => {
    if (signedIn()) connectSocket()
  }, RETRY_CONNECT_MS)
}
