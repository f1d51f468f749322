import type { Conversation, Message, Reaction, ReactionEvent, ReplyQuote } from '../types/api'

/** How much of the answered message a reply quotes (the server's EXCERPT_LENGTH). */
export const EXCERPT_LENGTH = 100

type ActionKind =
  { kind: 'edit'; text: string } | { kind: 'delete' } | { kind: 'react'; emoji: string; on: boolean }

/** What the user did to a message, before it is queued. */
export type NewAction = { messageId: string; conversationId: string } & ActionKind

/** An edit, deletion or reaction done but not yet acknowledged (e.g. offline). */
export type PendingAction = NewAction & {
  /** Local id, in the queue of actions only. */
  id: string
  /** When it was done. */
  at: string
  /** Strictly increasing in the order done: the queue sends and shows in this order. */
  order: number
  /** Sends that went unanswered since it was queued. */
  attempts: number
}

const changeOf = (m: Message) => m.change_seq ?? 0

/** The quote of `target` as a reply to it shows it now: null once it was deleted. */
export function excerptOf(target: Pick<Message, 'text' | 'deleted'>): string | null {
  if (target.deleted || target.text === null) return null
  return Array.from(target.text).slice(0, EXCERPT_LENGTH).join('')
}

/** A quote of `target` for a reply being written. */
export function quoteOf(target: Message): ReplyQuote {
  return { id: target.id, seq: target.seq, sender_id: target.sender_id, excerpt: excerptOf(target) }
}

/**
 * A thread after messages arrived in their current state (message_updated, an ack, sync's
 * `changed`): each replaces the copy held unless that one is newer, and the replies that quote it
 * follow its text. The same array when nothing changed.
 */
export function applyChanged(messages: Message[], changed: readonly Message[]): Message[] {
  if (changed.length === 0) return messages
  const latest = new Map<string, Message>()
  for (const m of changed) {
    const seen = latest.get(m.id)
    if (!seen || changeOf(m) >= changeOf(seen)) latest.set(m.id, m)
  }
  let touched = false
  const replaced = messages.map((m) => {
    const fresh = latest.get(m.id)
    if (!fresh || fresh === m || changeOf(fresh) < changeOf(m)) return m
    touched = true
    return fresh
  })
  const byId = new Map(replaced.map((m) => [m.id, m]))
  const quoted = replaced.map((m) => {
    const targetId = m.reply_to?.id
    const target = targetId
      ? latest.has(targetId)
        ? (byId.get(targetId) ?? latest.get(targetId))
        : null
      : null
    if (!target || !m.reply_to) return m
    const excerpt = excerptOf(target)
    if (excerpt === m.reply_to.excerpt) return m
    touched = true
    return { ...m, reply_to: { ...m.reply_to, excerpt } }
  })
  return touched ? quoted : messages
}

/** `reactions` with `userId`'s `emoji` on or off; the same array when nothing changes. */
export function toggledReaction(
  reactions: readonly Reaction[],
  emoji: string,
  userId: string,
  on: boolean,
): Reaction[] {
  const at = reactions.findIndex((r) => r.emoji === emoji)
  const users = reactions[at]?.user_ids ?? []
  if (on === users.includes(userId)) return reactions as Reaction[]
  const userIds = on ? [...users, userId] : users.filter((u) => u !== userId)
  if (userIds.length === 0) return reactions.filter((_, i) => i !== at)
  const next: Reaction = { emoji, count: userIds.length, user_ids: userIds }
  return at >= 0 ? reactions.map((r, i) => (i === at ? next : r)) : [...reactions, next]
}

/** A `reaction` event applied to the message it is about, unless the copy held is as new or newer. */
export function withReaction(message: Message, event: ReactionEvent): Message {
  if (message.id !== event.message_id || message.deleted || changeOf(message) >= event.change_seq) {
    return message
  }
  const reactions = toggledReaction(message.reactions ?? [], event.emoji, event.user_id, event.on)
  return { ...message, reactions, change_seq: event.change_seq }
}

/** Whether `userId` is among those who reacted with it (pushed events carry no `mine`). */
export function reactedBy(reaction: Reaction, userId: string): boolean {
  return reaction.user_ids.includes(userId)
}

/** The message as it will be once our pending actions on it (in order) are applied. */
export function withPendingActions(
  message: Message,
  actions: readonly PendingAction[],
  myId: string,
): Message {
  let shown = message
  for (const a of actions) {
    if (a.messageId !== message.id || shown.deleted) continue
    if (a.kind === 'edit') shown = { ...shown, text: a.text, edited_at: a.at }
    else if (a.kind === 'delete') shown = { ...shown, deleted: true, text: null, reactions: [] }
    else shown = { ...shown, reactions: toggledReaction(shown.reactions ?? [], a.emoji, myId, a.on) }
  }
  return shown
}

/**
 * Change cursors for conversations that have none yet: the conversation's last_change (the
 * messages fetched from then on are in their current state), or, for one whose messages were
 * fetched before it was known, the newest change among them (a safe lower bound).
 */
export function startCursors(
  cursors: Readonly<Record<string, number>>,
  conversations: readonly Conversation[],
  held: (conversationId: string) => readonly Message[] | undefined,
): Record<string, number> {
  let next: Record<string, number> | null = null
  for (const c of conversations) {
    if (c.id in cursors) continue
    const messages = held(c.id) ?? []
    next ??= { ...cursors }
    next[c.id] = messages.length > 0 ? newestChange(messages) : c.last_change
  }
  return next ?? (cursors as Record<string, number>)
}

export function newestChange(messages: readonly Message[]): number {
  return messages.reduce((max, m) => Math.max(max, changeOf(m)), 0)
}

/**
 * A cursor moves with a live change only when it is the very next number: every change at or
 * below a cursor has then been applied. Otherwise the next sync brings what lies between.
 */
export function advancedCursors(
  cursors: Readonly<Record<string, number>>,
  changes: readonly { conversationId: string; changeSeq: number }[],
): Record<string, number> {
  let next: Record<string, number> | null = null
  for (const { conversationId, changeSeq } of [...changes].sort((a, b) => a.changeSeq - b.changeSeq)) {
    const now = (next ?? cursors)[conversationId]
    if (now === undefined || changeSeq !== now + 1) continue
    next ??= { ...cursors }
    next[conversationId] = changeSeq
  }
  return next ?? (cursors as Record<string, number>)
}

/** Whether we may still edit our message: within windowMs of sending (null: always). */
export function editable(
  message: Pick<Message, 'created_at'>,
  now: number,
  windowMs: number | null,
): boolean {
  return windowMs === null || now - Date.parse(message.created_at) < windowMs
}
