import { newClientId } from '../lib/client-id'
import type { Conversation, Message, ReactionEvent } from '../types/api'
import {
  advancedCursors,
  applyChanged,
  withReaction,
  type NewAction,
  type PendingAction,
} from './message-changes'
import type { Thread } from './messages-slice'
import type { ChatState, SliceCreator } from './types'

export interface ChangesState {
  /** conversation_id → the change number applied up to (edits, deletions, reactions). */
  changeCursors: Record<string, number>
  /** Our edits, deletions and reactions not yet acknowledged, by local id. */
  actions: Record<string, PendingAction>
}

export interface ChangesSlice extends ChangesState {
  /** Messages in their current state (message_updated, an ack, sync's `changed`): replace ours. */
  messagesChanged: (messages: readonly Message[]) => void
  reactionReceived: (event: ReactionEvent) => void
  /** Where sync says each change cursor stands now (they only move forward). */
  changeCursorsSynced: (cursors: Readonly<Record<string, number>>) => void
  actionQueued: (action: NewAction) => void
  /** Saved actions put back after a reload; known ids are kept as they are. */
  actionsRestored: (entries: PendingAction[]) => void
  actionAttempted: (id: string) => void
  /** Acknowledged (with the message as it is now), or finally refused (it is undone): it leaves. */
  actionSettled: (id: string, message?: Message) => void
}

export const initialChangesState = (): ChangesState => ({ changeCursors: {}, actions: {} })

let lastOrder = 0

function nextOrder(): number {
  lastOrder = Math.max(Date.now(), lastOrder + 1)
  return lastOrder
}

/** A deleted message that named us and was still unread no longer counts as an unread mention. */
function unmentioned(
  c: Conversation,
  before: Message | undefined,
  after: Message,
  myId: string,
): Conversation {
  const gone = !!before && !before.deleted && after.deleted && after.seq > c.read_seq
  if (!gone || !(before.mentions ?? []).includes(myId) || c.unread_mentions === 0) return c
  return { ...c, unread_mentions: c.unread_mentions - 1 }
}

/** The store after `update` was applied to the held copies of some messages of one conversation. */
function changeIn(
  state: ChatState,
  conversationId: string,
  update: (messages: Message[]) => Message[],
  changes: { conversationId: string; changeSeq: number }[],
): Partial<ChatState> {
  const myId = state.user?.id ?? ''
  const thread: Thread | undefined = state.threads[conversationId]
  const messages = thread ? update(thread.messages) : undefined
  const conversations = state.conversations.map((c) => {
    if (c.id !== conversationId) return c
    const last = c.last_message ? update([c.last_message])[0] : undefined
    let next = last && last !== c.last_message ? { ...c, last_message: last } : c
    if (thread && messages !== thread.messages) {
      const before = new Map(thread.messages.map((m) => [m.id, m]))
      for (const m of messages ?? []) next = unmentioned(next, before.get(m.id), m, myId)
    }
    return next
  })
  const changed = conversations.some((c, i) => c !== state.conversations[i])
  return {
    ...(thread && messages !== thread.messages
      ? { threads: { ...state.threads, [conversationId]: { ...thread, messages: messages ?? [] } } }
      : {}),
    ...(changed ? { conversations } : {}),
    changeCursors: advancedCursors(state.changeCursors, changes),
  }
}

export const createChangesSlice: SliceCreator<ChangesSlice> = (set, get) => ({
  ...initialChangesState(),
  messagesChanged: (messages) => {
    const byConversation = new Map<string, Message[]>()
    for (const m of messages) {
      byConversation.set(m.conversation_id, [...(byConversation.get(m.conversation_id) ?? []), m])
    }
    for (const [id, group] of byConversation) {
      const changes = group.map((m) => ({ conversationId: id, changeSeq: m.change_seq ?? 0 }))
      set((state) => changeIn(state, id, (held) => applyChanged(held, group), changes))
    }
  },
  reactionReceived: (event) =>
    set((state) =>
      changeIn(
        state,
        event.conversation_id,
        (held) => {
          const next = held.map((m) => withReaction(m, event))
          return next.some((m, i) => m !== held[i]) ? next : held
        },
        [{ conversationId: event.conversation_id, changeSeq: event.change_seq }],
      ),
    ),
  changeCursorsSynced: (cursors) =>
    set((state) => {
      const next = { ...state.changeCursors }
      for (const [id, n] of Object.entries(cursors)) next[id] = Math.max(next[id] ?? 0, n)
      return { changeCursors: next }
    }),
  actionQueued: (action) =>
    set((state) => {
      const id = newClientId()
      const queued = { ...action, id, at: new Date().toISOString(), order: nextOrder(), attempts: 0 }
      return { actions: { ...state.actions, [id]: queued as PendingAction } }
    }),
  actionsRestored: (entries) =>
    set((state) => {
      const fresh = entries.filter((e) => !(e.id in state.actions))
      if (fresh.length === 0) return {}
      lastOrder = Math.max(lastOrder, ...fresh.map((e) => e.order))
      return { actions: { ...state.actions, ...Object.fromEntries(fresh.map((e) => [e.id, e])) } }
    }),
  actionAttempted: (id) =>
    set((state) => {
      const a = state.actions[id]
      return a ? { actions: { ...state.actions, [id]: { ...a, attempts: a.attempts + 1 } } } : {}
    }),
  actionSettled: (id, message) => {
    set((state) => {
      if (!(id in state.actions)) return {}
      const actions = { ...state.actions }
      delete actions[id]
      return { actions }
    })
    if (message) get().messagesChanged([message])
  },
})
