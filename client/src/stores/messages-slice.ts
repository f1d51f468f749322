import type { Message, MessagePage, User } from '../types/api'
import type { LoadStatus } from './conversations-slice'
import { applyLastMessage, mergeMessages } from './merge'
import type { SliceCreator } from './types'

export interface Thread {
  /** Stored messages, ascending by seq. */
  messages: Message[]
  /** Pass as ?before= to get the previous page; null when the oldest is loaded. */
  nextBefore: number | null
  status: LoadStatus
  loadingOlder: boolean
}

/** A message sent but not yet acknowledged (or failed), keyed by its client_id. */
export interface PendingMessage {
  clientId: string
  peer: User
  text: string
  createdAt: string
  state: 'pending' | 'failed'
  error?: string
}

export interface MessagesState {
  threads: Record<string, Thread>
  pending: Record<string, PendingMessage>
}

export interface MessagesSlice extends MessagesState {
  threadLoading: (conversationId: string) => void
  threadFailed: (conversationId: string) => void
  olderLoading: (conversationId: string) => void
  /** A page from GET messages; `older` when it came from ?before=. */
  pageLoaded: (conversationId: string, page: MessagePage, older: boolean) => void
  messageQueued: (clientId: string, peer: User, text: string) => void
  messageRetrying: (clientId: string) => void
  messageAcked: (clientId: string, message: Message) => void
  messageFailed: (clientId: string, error: string) => void
  /** A `new_message` event; false when its conversation is not in the list (reload it). */
  messageReceived: (message: Message) => boolean
}

export const initialMessagesState: MessagesState = { threads: {}, pending: {} }

const emptyThread: Thread = { messages: [], nextBefore: null, status: 'idle', loadingOlder: false }

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record
  const next = { ...record }
  delete next[key]
  return next
}

export const createMessagesSlice: SliceCreator<MessagesSlice> = (set, get) => {
  const patchThread = (conversationId: string, patch: (t: Thread) => Partial<Thread>) =>
    set((state) => {
      const thread = state.threads[conversationId] ?? emptyThread
      return { threads: { ...state.threads, [conversationId]: { ...thread, ...patch(thread) } } }
    })

  /** Store a confirmed message: into its thread if loaded, onto the conversation list. */
  const storeMessage = (message: Message, clientId: string | null, peer?: User): boolean => {
    let known = true
    set((state) => {
      const thread = state.threads[message.conversation_id]
      const list = applyLastMessage(state.conversations, message, peer)
      known = list !== null
      const threads =
        thread || peer
          ? {
              ...state.threads,
              [message.conversation_id]: {
                ...(thread ?? emptyThread),
                messages: mergeMessages(thread?.messages ?? [], [message]),
              },
            }
          : state.threads
      return {
        threads,
        pending: clientId ? withoutKey(state.pending, clientId) : state.pending,
        conversations: list ?? state.conversations,
      }
    })
    return known
  }

  return {
    ...initialMessagesState,
    threadLoading: (id) => patchThread(id, () => ({ status: 'loading' })),
    threadFailed: (id) =>
      patchThread(id, (t) => ({ status: t.status === 'loaded' ? 'loaded' : 'error', loadingOlder: false })),
    olderLoading: (id) => patchThread(id, () => ({ loadingOlder: true })),
    pageLoaded: (id, page, older) =>
      patchThread(id, (t) => ({
        messages: mergeMessages(t.messages, page.messages),
        // A refreshed newest page must not forget how far back we had already loaded.
        nextBefore: older || t.status !== 'loaded' ? page.next_before : t.nextBefore,
        status: 'loaded',
        loadingOlder: older ? false : t.loadingOlder,
      })),
    messageQueued: (clientId, peer, text) =>
      set((state) => ({
        pending: {
          ...state.pending,
          [clientId]: { clientId, peer, text, createdAt: new Date().toISOString(), state: 'pending' },
        },
      })),
    messageRetrying: (clientId) =>
      set((state) => {
        const p = state.pending[clientId]
        if (!p) return {}
        return { pending: { ...state.pending, [clientId]: { ...p, state: 'pending', error: undefined } } }
      }),
    messageAcked: (clientId, message) => {
      if (!get().user) return
      storeMessage(message, clientId, get().pending[clientId]?.peer)
    },
    messageFailed: (clientId, error) =>
      set((state) => {
        const p = state.pending[clientId]
        if (!p) return {}
        return { pending: { ...state.pending, [clientId]: { ...p, state: 'failed', error } } }
      }),
    messageReceived: (message) => {
      if (!get().user) return true
      const clientId = message.client_id && message.client_id in get().pending ? message.client_id : null
      return storeMessage(message, clientId, clientId ? get().pending[clientId]?.peer : undefined)
    },
  }
}
