import { checkSession } from '../features/auth/api/session'
import { loadConversations } from '../features/conversations/api/conversations-api'
import { loadLatest } from '../features/messages/api/messages-api'
import { connectSocket, type ChatSocket } from '../lib/socket'
import { useChatStore } from '../stores/chat-store'

const RETRY_CONNECT_MS = 5000

/** Catch up on what was missed while the socket was down. */
function resync(): void {
  void loadConversations()
  for (const [id, thread] of Object.entries(useChatStore.getState().threads)) {
    if (thread.status === 'loaded') void loadLatest(id)
  }
}

/** Route server events into the store; call once at start-up. */
export function bindSocket(socket: ChatSocket): void {
  let connectedOnce = false

  socket.on('connect', () => {
    if (connectedOnce) resync()
    connectedOnce = true
  })

  socket.on('disconnect', (reason) => {
    // Presence is unknown while offline; online_users refills it on reconnect.
    useChatStore.getState().onlineUsersReceived([])
    if (reason === 'io client disconnect') connectedOnce = false
    else if (reason === 'io server disconnect') void retryIfSignedIn()
  })

  socket.on('connect_error', () => {
    // A refused handshake is not retried by socket.io itself.
    if (!socket.active) void retryIfSignedIn()
  })

  socket.on('online_users', ({ user_ids }) => useChatStore.getState().onlineUsersReceived(user_ids))

  socket.on('presence', ({ user_id, online }) => useChatStore.getState().presenceChanged(user_id, online))

  socket.on('new_message', ({ message }) => {
    const known = useChatStore.getState().messageReceived(message)
    if (!known) void loadConversations()
  })
}

async function retryIfSignedIn(): Promise<void> {
  if (useChatStore.getState().authStatus !== 'authenticated') return
  const session = await checkSession()
  if (session === 'expired') return
  setTimeout(() => {
    if (useChatStore.getState().authStatus === 'authenticated') connectSocket()
  }, RETRY_CONNECT_MS)
}
