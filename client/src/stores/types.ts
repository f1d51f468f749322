import type { StateCreator } from 'zustand'
import type { AuthSlice } from './auth-slice'
import type { ChangesSlice } from './changes-slice'
import type { ConnectionSlice } from './connection-slice'
import type { ConversationsSlice } from './conversations-slice'
import type { MessagesSlice } from './messages-slice'
import type { PresenceSlice } from './presence-slice'
import type { SettingsSlice } from './settings-slice'
import type { ToastSlice } from './toast-slice'
import type { TypingSlice } from './typing-slice'

export type ChatState = AuthSlice &
  ChangesSlice &
  ConnectionSlice &
  ConversationsSlice &
  MessagesSlice &
  PresenceSlice &
  SettingsSlice &
  ToastSlice &
  TypingSlice

export type SliceCreator<T> = StateCreator<ChatState, [], [], T>
