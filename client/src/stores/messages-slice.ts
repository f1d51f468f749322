import type { Attachment, Message, MessagePage, ReplyQuote, User } from '../types/api'
import { directWith } from './conversation-helpers'
import type { LoadStatus } from './conversations-slice'
import { applyMessages, mergeMessages } from './merge'
import type { SliceCreator } from './types'

export interface Thread {
  /** Stored messages, ascending by seq. */
  messages: Message[]
  /** Pass as ?before= to get the previous page; null when the oldest is loaded. */
  nextBefore: number | null
  status: LoadStatus
  loadingOlder: boolean
}

/** Where a message goes: a person (their direct conversation, made by a first message) or a group. */
export type SendTarget = { peer: User } | { conversationId: string }

/** A file going with a pending message: uploaded first, then sent by its id. */
export interface PendingFile {
  /** Local id; the File itself stays in memory only (realtime/outbox-files.ts). */
  key: string
  name: string
  size: number
  /** The browser's guess from the name: only whether to show a local preview. */
  type: string
  /** Bytes uploaded so far. */
  loaded: number
  /** Set once uploaded. */
  attachment?: Attachment
}

/** A message of the outbox: typed but not yet acknowledged (or failed), keyed by its client_id. */
export interface PendingMessage {
  clientId: string
  /** The other member of a direct conversation (sent `to` them); null for a group. */
  peer: User | null
  /** Null until the first message to `peer` creates the conversation. */
  conversationId: string | null
  text: string
  createdAt: string
  /** Strictly increasing in the order typed: the outbox sends and shows in this order. */
  order: number
  state: 'pending' | 'failed'
  /** Sends that went unanswered since it was queued or retried. */
  attempts: number
  error?: string
  /** The server's code for `error`, when it refused the message. */
  errorCode?: string
  /** The message it answers (sent as reply_to: its id). */
  replyTo?: ReplyQuote
  /** Its files (a message with files may have no text). */
  files?: PendingFile[]
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
  messageQueued: (
    clientId: string,
    target: SendTarget,
    text: string,
    replyTo?: ReplyQuote,
    files?: PendingFile[],
  ) => void
  fileProgress: (clientId: string, key: string, loaded: number) => void
  fileUploaded: (clientId: string, key: string, attachment: Attachment) => void
  /** The server no longer has the uploads (unsent for an hour): upload them again. */
  filesExpired: (clientId: string) => void
  /** Put back saved outbox entries (after a reload); known client_ids are kept as they are. */
  outboxRestored: (entries: PendingMessage[]) => void
  /** A send went unanswered (timeout, transient error); it stays pending. */
  messageAttempted: (clientId: string) => void
  /** Send a failed message again; `withoutReply` when what it answered is gone. */
  messageRetrying: (clientId: string, withoutReply?: boolean) => void
  messageAcked: (clientId: string, message: Message) => void
  messageFailed: (clientId: string, error: string, code?: string) => void
  /** A `new_message` event; false when its conversation is not in the list (reload it). */
  messageReceived: (message: Message) => boolean
  /** Messages from `sync`; returns the ids of conversations missing from the list. */
  messagesSynced: (messages: Message[]) => string[]
}

export const initialMessagesState: MessagesState = { threads: {}, pending: {} }

const emptyThread: Thread = { messages: [], nextBefore: null, status: 'idle', loadingOlder: false }

let lastOrder = 0

function nextOrder(): number {
  lastOrder = Math.max(Date.now(), lastOrder + 1)
  return lastOrder
}

/** The outbox without the entries that these stored messages of ours settle. */
function settlePending(
  pending: Record<string, PendingMessage>,
  messages: readonly Message[],
  myId: string | undefined,
): Record<string, PendingMessage> {
  const settled = messages.filter((m) => m.sender_id === myId && m.client_id && m.client_id in pending)
  if (settled.length === 0) return pending
  const next = { ...pending }
  for (const m of settled) delete next[m.client_id as string]
  return next
}

function groupByConversation(messages: readonly Message[]): Map<string, Message[]> {
  const groups = new Map<string, Message[]>()
  for (const m of messages) groups.set(m.conversation_id, [...(groups.get(m.conversation_id) ?? []), m])
  return groups
}

export const createMessagesSlice: SliceCreator<MessagesSlice> = (set, get) => {
  const patchThread = (conversationId: string, patch: (t: Thread) => Partial<Thread>) =>
    set((state) => {
      const thread = state.threads[conversationId] ?? emptyThread
      return { threads: { ...state.threads, [conversationId]: { ...thread, ...patch(thread) } } }
    })

  const patchPending = (clientId: string, patch: (p: PendingMessage) => Partial<PendingMessage>) =>
    set((state) => {
      const p = state.pending[clientId]
      return p ? { pending: { ...state.pending, [clientId]: { ...p, ...patch(p) } } } : {}
    })

  /** Store confirmed messages: into their threads if loaded (or ours to `peer`), onto the list. */
  const storeMessages = (messages: readonly Message[], peer?: User, ackedClientId?: string): string[] => {
    let unknown: string[] = []
    set((state) => {
      const myId = state.user?.id ?? ''
      const applied = applyMessages(state.conversations, messages, myId, peer)
      unknown = applied.unknown
      const threads = { ...state.threads }
      for (const [id, group] of groupByConversation(messages)) {
        const thread = state.threads[id]
        if (!thread && !peer) continue
        const base = thread ?? emptyThread
        threads[id] = { ...base, messages: mergeMessages(base.messages, group) }
      }
      let pending = settlePending(state.pending, messages, myId)
      if (ackedClientId && ackedClientId in pending) {
        pending = { ...pending }
        delete pending[ackedClientId]
      }
      return { threads, pending, conversations: applied.list }
    })
    // Someone's message ends their "is typing".
    for (const m of messages) {
      if (get().typing[m.conversation_id]?.includes(m.sender_id))
        get().typingStopped(m.conversation_id, m.sender_id)
    }
    return unknown
  }

  return {
    ...initialMessagesState,
    threadLoading: (id) => patchThread(id, () => ({ status: 'loading' })),
    threadFailed: (id) =>
      patchThread(id, (t) => ({ status: t.status === 'loaded' ? 'loaded' : 'error', loadingOlder: false })),
    olderLoading: (id) => patchThread(id, () => ({ loadingOlder: true })),
    pageLoaded: (id, page, older) => {
      patchThread(id, (t) => ({
        messages: mergeMessages(t.messages, page.messages),
        // A refreshed newest page must not forget how far back we had already loaded.
        nextBefore: older || t.status !== 'loaded' ? page.next_before : t.nextBefore,
        status: 'loaded',
        loadingOlder: older ? false : t.loadingOlder,
      }))
      set((state) => ({ pending: settlePending(state.pending, page.messages, state.user?.id) }))
    },
    messageQueued: (clientId, target, text, replyTo, files) =>
      set((state) => ({
        pending: {
          ...state.pending,
          [clientId]: {
            clientId,
            peer: 'peer' in target ? target.peer : null,
            conversationId:
              'peer' in target
                ? (directWith(state.conversations, target.peer.id)?.id ?? null)
                : target.conversationId,
            text,
            createdAt: new Date().toISOString(),
            order: nextOrder(),
            state: 'pending',
            attempts: 0,
            ...(replyTo ? { replyTo } : {}),
            ...(files?.length ? { files } : {}),
          },
        },
      })),
    fileProgress: (clientId, key, loaded) =>
      patchPending(clientId, (p) => ({ files: p.files?.map((f) => (f.key === key ? { ...f, loaded } : f)) })),
    fileUploaded: (clientId, key, attachment) =>
      patchPending(clientId, (p) => ({
        files: p.files?.map((f) => (f.key === key ? { ...f, loaded: f.size, attachment } : f)),
      })),
    filesExpired: (clientId) =>
      patchPending(clientId, (p) => ({
        files: p.files?.map((f) => ({ ...f, loaded: 0, attachment: undefined })),
      })),
    outboxRestored: (entries) =>
      set((state) => {
        const fresh = entries.filter((e) => !(e.clientId in state.pending))
        if (fresh.length === 0) return {}
        lastOrder = Math.max(lastOrder, ...fresh.map((e) => e.order))
        return { pending: { ...state.pending, ...Object.fromEntries(fresh.map((e) => [e.clientId, e])) } }
      }),
    messageAttempted: (clientId) => patchPending(clientId, (p) => ({ attempts: p.attempts + 1 })),
    messageRetrying: (clientId, withoutReply = false) =>
      patchPending(clientId, (p) => ({
        state: 'pending',
        attempts: 0,
        error: undefined,
        errorCode: undefined,
        replyTo: withoutReply ? undefined : p.replyTo,
      })),
    messageAcked: (clientId, message) => {
      if (!get().user) return
      storeMessages([message], get().pending[clientId]?.peer ?? undefined, clientId)
    },
    messageFailed: (clientId, error, code) =>
      patchPending(clientId, () => ({ state: 'failed', error, errorCode: code })),
    messageReceived: (message) => {
      if (!get().user) return true
      const clientId = message.client_id
      const peer =
        clientId && message.sender_id === get().user?.id
          ? (get().pending[clientId]?.peer ?? undefined)
          : undefined
      return storeMessages([message], peer).length === 0
    },
    messagesSynced: (messages) => (get().user && messages.length > 0 ? storeMessages(messages) : []),
  }
}
