import { TYPING_SHOWN_MS } from '../config/constants'
import type { SliceCreator } from './types'

export interface TypingState {
  /** conversation_id → ids of the others typing there now, in the order they started. */
  typing: Readonly<Record<string, readonly string[]>>
}

export interface TypingSlice extends TypingState {
  /** A `typing` event: shown until TYPING_SHOWN_MS pass without another from them. */
  typingReceived: (conversationId: string, userId: string) => void
  /** They stopped: a message from them arrived, or the time ran out. */
  typingStopped: (conversationId: string, userId: string) => void
}

export const initialTypingState = (): TypingState => ({ typing: {} })

export const createTypingSlice: SliceCreator<TypingSlice> = (set, get) => {
  /** `${conversation_id} ${user_id}` → the timer that ends their "is typing". */
  const timers = new Map<string, ReturnType<typeof setTimeout>>()

  const stop = (conversationId: string, userId: string) => {
    const key = `${conversationId} ${userId}`
    clearTimeout(timers.get(key))
    timers.delete(key)
    set((state) => {
      const now = state.typing[conversationId]
      if (!now?.includes(userId)) return {}
      const rest = now.filter((id) => id !== userId)
      const typing = { ...state.typing, [conversationId]: rest }
      if (rest.length === 0) delete typing[conversationId]
      return { typing }
    })
  }

  return {
    ...initialTypingState(),
    typingReceived: (conversationId, userId) => {
      if (!get().user || userId === get().user?.id) return
      const key = `${conversationId} ${userId}`
      clearTimeout(timers.get(key))
      timers.set(
        key,
        setTimeout(() => stop(conversationId, userId), TYPING_SHOWN_MS),
      )
      set((state) => {
        const now = state.typing[conversationId] ?? []
        return now.includes(userId) ? {} : { typing: { ...state.typing, [conversationId]: [...now, userId] } }
      })
    },
    typingStopped: stop,
  }
}
