import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../types/api'

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>

let instance: ChatSocket | null = null

/** The one socket of the app, created on first use, connected only while signed in. */
export function getSocket(): ChatSocket {
  instance ??= io({ autoConnect: false, withCredentials: true, transports: ['websocket'] })
  return instance
}

export function connectSocket(): void {
  const socket = getSocket()
  if (!socket.connected && !socket.active) socket.connect()
}

export function disconnectSocket(): void {
  instance?.disconnect()
}

/** Connect at once (the browser is back online) instead of waiting out the reconnection delay. */
export function reconnectNow(): void {
  const socket = getSocket()
  if (socket.connected) return
  socket.disconnect()
  socket.connect()
}
