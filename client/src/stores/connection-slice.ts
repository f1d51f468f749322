import type { SliceCreator } from './types'

/**
 * `connecting` until the socket is connected and caught up (sync done), `offline` while it is down,
 * `online` after that; `backOnline` marks the moments right after a reconnect.
 */
export type ConnectionStatus = 'connecting' | 'offline' | 'online'

export interface ConnectionState {
  connection: ConnectionStatus
  backOnline: boolean
}

export interface ConnectionSlice extends ConnectionState {
  connectionLost: () => void
  connectionSyncing: () => void
  connectionSynced: (reconnected: boolean) => void
  backOnlineSeen: () => void
}

export const initialConnectionState: ConnectionState = { connection: 'connecting', backOnline: false }

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set) => ({
  ...initialConnectionState,
  connectionLost: () => set({ connection: 'offline', backOnline: false }),
  connectionSyncing: () => set({ connection: 'connecting', backOnline: false }),
  connectionSynced: (reconnected) => set({ connection: 'online', backOnline: reconnected }),
  backOnlineSeen: () => set({ backOnline: false }),
})
