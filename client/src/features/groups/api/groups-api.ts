import { api } from '../../../lib/api-client'
import { useChatStore } from '../../../stores/chat-store'
import type { Conversation, Role } from '../../../types/api'
import { normalizeConversation, type RawConversation } from '../../conversations/api/conversations-api'

const base = (id: string) => `/api/conversations/${encodeURIComponent(id)}`

/** Every change answers the conversation as we see it afterwards: the store takes it at once. */
async function changed(request: Promise<{ conversation: RawConversation }>): Promise<Conversation> {
  const conversation = normalizeConversation((await request).conversation)
  if (useChatStore.getState().user) useChatStore.getState().conversationFetched(conversation)
  return conversation
}

/** A new group with us as its owner (400 with fields.title / fields.member_ids when refused). */
export function createGroup(title: string, memberIds: string[]): Promise<Conversation> {
  return changed(api.post('/api/conversations', { title, member_ids: memberIds }))
}

export function renameGroup(id: string, title: string): Promise<Conversation> {
  return changed(api.patch(base(id), { title }))
}

export function addMembers(id: string, userIds: string[]): Promise<Conversation> {
  return changed(api.post(`${base(id)}/members`, { user_ids: userIds }))
}

/** Remove someone, or leave (our own id). */
export function removeMember(id: string, userId: string): Promise<Conversation> {
  return changed(api.delete(`${base(id)}/members/${encodeURIComponent(userId)}`))
}

export function setRole(id: string, userId: string, role: Role): Promise<Conversation> {
  return changed(api.patch(`${base(id)}/members/${encodeURIComponent(userId)}`, { role }))
}
