import { create } from 'zustand'
import { createAuthSlice } from './auth-slice'
import { createChangesSlice } from './changes-slice'
import { createConnectionSlice } from './connection-slice'
import { createConversationsSlice } from './conversations-slice'
import { createMessagesSlice } from './messages-slice'
import { createPresenceSlice } from './presence-slice'
import { createSettingsSlice } from './settings-slice'
import { createToastSlice } from './toast-slice'
import { createTypingSlice } from './typing-slice'
import type { ChatState } from './types'

export type { ChatState } from './types'

/** The one store: slices per concern; outside React use useChatStore.getState(). */
export const useChatStore = create<ChatState>()((...a) => ({
  ...createAuthSlice(...a),
  ...createChangesSlice(...a),
  ...createConnectionSlice(...a),
  ...createConversationsSlice(...a),
  ...createMessagesSlice(...a),
  ...createPresenceSlice(...a),
  ...createSettingsSlice(...a),
  ...createToastSlice(...a),
  ...createTypingSlice(...a),
}))
