import type { Conversation, Message, User } from '../types/api'
import { messageText } from './format'

/** Someone of a conversation by id: the other member, a current or a former member of a group. */
export function personIn(c: Conversation | undefined, userId: string): User | undefined {
  if (!c) return undefined
  if (c.kind === 'direct') return c.other.id === userId ? c.other : undefined
  return c.members.find((m) => m.user.id === userId)?.user ?? c.former_members.find((u) => u.id === userId)
}

/** "Ann" of "Ann Lee": what a preview or the typing line calls someone. */
export function firstName(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] || fullName
}

/** "Ann", "Ann and Bob", "Ann, Bob and Cat". */
function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** A person of the conversation by id, as a system note names them: "You" for oneself. */
function nameOf(
  c: Conversation | undefined,
  userId: string | undefined,
  myId: string,
  start: boolean,
): string {
  if (!userId) return start ? 'Someone' : 'someone'
  if (userId === myId) return start ? 'You' : 'you'
  return personIn(c, userId)?.full_name ?? (start ? 'Someone' : 'someone')
}

const ROLE_PHRASE: Record<string, string> = {
  owner: 'an owner',
  admin: 'an admin',
  member: 'a member',
}

/**
 * What a system message says, e.g. "Ann Lee added Bob Stone and Cat Moss", "You left",
 * "Ann Lee renamed the group to “Trip”", "Ann Lee made you an admin".
 */
export function systemNote(message: Message, c: Conversation | undefined, myId: string): string {
  const actor = nameOf(c, message.actor_id ?? message.sender_id, myId, true)
  const targets = joinNames((message.target_ids ?? []).map((id) => nameOf(c, id, myId, false)))
  const title = `“${message.text ?? ''}”`
  switch (message.event) {
    case 'group_created':
      return `${actor} created the group ${title}`
    case 'member_added':
      return `${actor} added ${targets}`
    case 'member_removed':
      return `${actor} removed ${targets}`
    case 'member_left':
      return `${actor} left`
    case 'title_changed':
      return `${actor} renamed the group to ${title}`
    case 'role_changed':
      return `${actor} made ${targets} ${ROLE_PHRASE[message.text ?? ''] ?? message.text ?? ''}`.trim()
    default:
      return `${actor} changed the group`
  }
}

/** A list row's preview: "You: hi", "Bob: hi" in a group, a system message as its note. */
export function previewText(c: Conversation, myId: string): string {
  const last = c.last_message
  if (!last) return 'No messages yet'
  if (last.kind === 'system') return systemNote(last, c, myId)
  const text = last.deleted
    ? 'This message was deleted'
    : last.text === ''
      ? 'Attachment'
      : messageText(last.text)
  if (last.sender_id === myId) return `You: ${text}`
  if (c.kind === 'group') {
    const sender = personIn(c, last.sender_id)
    return `${sender ? firstName(sender.full_name) : 'Someone'}: ${text}`
  }
  return text
}

/** "Ann is typing…", "Ann and Bob are typing…", "Several people are typing…", or nothing. */
export function typingLabel(names: readonly string[]): string {
  if (names.length === 0) return ''
  if (names.length === 1) return `${names[0]} is typing…`
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`
  return 'Several people are typing…'
}

/** Why a former member reads a group without writing: the newest change that concerned them. */
export function departure(c: Conversation, messages: readonly Message[], myId: string): 'left' | 'removed' {
  const candidates = [...messages, ...(c.last_message ? [c.last_message] : [])]
  let found: Message | undefined
  for (const m of candidates) {
    const aboutMe =
      (m.event === 'member_left' || m.event === 'member_removed') && (m.target_ids ?? []).includes(myId)
    if (aboutMe && (!found || m.seq > found.seq)) found = m
  }
  return found?.event === 'member_removed' && found.actor_id !== myId ? 'removed' : 'left'
}
