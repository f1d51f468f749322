import type { Conversation, DirectConversation } from '../types/api'

/** The direct conversation with `peerId`, if there is one (a group never counts). */
export function directWith(
  list: readonly Conversation[],
  peerId: string | undefined,
): DirectConversation | undefined {
  if (!peerId) return undefined
  return list.find((c): c is DirectConversation => c.kind === 'direct' && c.other.id === peerId)
}

/** A conversation's name: the other member's, or the group's title. */
export function conversationName(c: Conversation): string {
  return c.kind === 'direct' ? c.other.full_name : c.title
}

/** Owners and admins rename a group and add or remove members. */
export function canManage(c: Conversation): boolean {
  return c.kind === 'group' && !c.left && (c.my_role === 'owner' || c.my_role === 'admin')
}

/** What the open conversation lets us do: write (and type, mark read) or only read. */
export function canWrite(c: Conversation | undefined): boolean {
  return !c || (!c.left && !(c.kind === 'direct' && c.blocked))
}
