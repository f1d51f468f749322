import type { PendingFile, PendingMessage } from '../stores/messages-slice'
import type { ReplyQuote, User } from '../types/api'
import { persistList, readList, writeList, type KeyValueStorage, type SavedList } from './saved-list'

/**
 * What one outbox entry looks like in storage (one list per signed-in user): to a person (`to` and
 * `peer`, a conversation_id once known) or to a group (`conversation_id`, `to` and `peer` null).
 */
interface SavedEntry {
  client_id: string
  to: string | null
  peer: User | null
  conversation_id: string | null
  text: string
  created_at: string
  order: number
  state: 'pending' | 'failed'
  error?: string
  error_code?: string
  reply_to?: ReplyQuote
  /** Uploaded ones carry their attachment; the others cannot be uploaded after a reload. */
  files?: PendingFile[]
}

export function outboxKey(userId: string): string {
  return `chat.outbox.v1.${userId}`
}

function toSaved(p: PendingMessage): SavedEntry {
  return {
    client_id: p.clientId,
    to: p.peer?.id ?? null,
    peer: p.peer,
    conversation_id: p.conversationId,
    text: p.text,
    created_at: p.createdAt,
    order: p.order,
    state: p.state,
    ...(p.error ? { error: p.error } : {}),
    ...(p.errorCode ? { error_code: p.errorCode } : {}),
    ...(p.replyTo ? { reply_to: p.replyTo } : {}),
    ...(p.files ? { files: p.files } : {}),
  }
}

function isFile(value: unknown): value is PendingFile {
  const f = value as Partial<PendingFile> | null
  return !!f && typeof f === 'object' && typeof f.key === 'string' && typeof f.name === 'string'
}

function isQuote(value: unknown): value is ReplyQuote {
  const q = value as Partial<ReplyQuote> | null
  return !!q && typeof q === 'object' && typeof q.id === 'string' && typeof q.seq === 'number'
}

function isSaved(value: unknown): value is SavedEntry {
  if (!value || typeof value !== 'object') return false
  const e = value as Partial<SavedEntry>
  return (
    typeof e.client_id === 'string' &&
    typeof e.text === 'string' &&
    typeof e.order === 'number' &&
    typeof e.created_at === 'string' &&
    (e.state === 'pending' || e.state === 'failed') &&
    (e.peer
      ? typeof e.peer.id === 'string' && e.peer.id === e.to
      : e.to === null && typeof e.conversation_id === 'string')
  )
}

function fromSaved(e: SavedEntry): PendingMessage {
  return {
    clientId: e.client_id,
    peer: e.peer ?? null,
    conversationId: e.conversation_id ?? null,
    text: e.text,
    createdAt: e.created_at,
    order: e.order,
    state: e.state,
    attempts: 0,
    ...(e.error ? { error: e.error } : {}),
    ...(typeof e.error_code === 'string' ? { errorCode: e.error_code } : {}),
    ...(isQuote(e.reply_to) ? { replyTo: e.reply_to } : {}),
    ...(Array.isArray(e.files) && e.files.every(isFile) ? { files: e.files } : {}),
  }
}

const outboxList: SavedList<PendingMessage> = {
  key: outboxKey,
  parse: (saved) => saved.filter(isSaved).map(fromSaved),
  save: toSaved,
  id: (p) => p.clientId,
}

/** The saved outbox of `userId`; pending entries start over with a fresh budget of attempts. */
export function readOutbox(storage: KeyValueStorage, userId: string): PendingMessage[] {
  return readList(storage, outboxList, userId)
}

/** Save `entries`, keeping saved entries this tab never had (another tab removes them). */
export function writeOutbox(
  storage: KeyValueStorage,
  userId: string,
  entries: readonly PendingMessage[],
  ownIds: ReadonlySet<string>,
): void {
  writeList(storage, outboxList, userId, entries, ownIds)
}

/** Restore the outbox on sign-in and save it on every change; returns the unsubscribe. */
export function persistOutbox(storage: KeyValueStorage): () => void {
  return persistList(
    storage,
    outboxList,
    (state) => state.pending,
    (state, saved) => state.outboxRestored(saved),
  )
}
