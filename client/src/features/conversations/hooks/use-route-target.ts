import { useEffect, useState } from 'react'
import { navigate, paths, type Route } from '../../../app/router'
import { reportError } from '../../../stores/report-error'
import { useChatStore } from '../../../stores/chat-store'
import { directWith } from '../../../stores/conversation-helpers'
import type { Conversation, User } from '../../../types/api'
import { fetchUser } from '../../users/api/users-api'
import { fetchConversation, loadConversations } from '../api/conversations-api'

/** What the URL opens: nothing (the list), a conversation, someone to write to first, or nothing known. */
export type RouteTarget =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'not_found'; what: 'conversation' | 'person' }
  | { kind: 'error'; retry: () => void }
  | { kind: 'conversation'; conversation: Conversation }
  | { kind: 'draft'; user: User }

type Lookup = { key: string; result: 'not_found' | 'error' | User | null }

/** Users just picked in the search results: opening them needs no request. */
const knownUsers = new Map<string, User>()

export function rememberUser(user: User): void {
  knownUsers.set(user.id, user)
}

export function useRouteTarget(route: Route): RouteTarget {
  const myId = useChatStore((s) => s.user?.id)
  const status = useChatStore((s) => s.conversationsStatus)
  const byId = useChatStore((s) =>
    route.name === 'conversation' ? s.conversations.find((c) => c.id === route.id) : undefined,
  )
  const withPerson = useChatStore((s) =>
    route.name === 'person' ? directWith(s.conversations, route.userId) : undefined,
  )
  const [lookup, setLookup] = useState<Lookup>({ key: '', result: null })
  const [attempt, setAttempt] = useState(0)
  const listReady = status === 'loaded' || status === 'error'
  const known = route.name === 'person' ? knownUsers.get(route.userId) : undefined
  const self = route.name === 'person' && route.userId === myId
  const key =
    route.name === 'conversation' ? `c:${route.id}` : route.name === 'person' ? `u:${route.userId}` : ''

  // A draft whose first message created the conversation (or one that already exists) becomes its URL.
  useEffect(() => {
    if (withPerson) {
      navigate(paths.conversation(withPerson.id), { replace: true })
      if (!withPerson.last_message || withPerson.other.last_seen_at === null) void loadConversations()
    }
  }, [withPerson])

  useEffect(() => {
    if (!key || !listReady || byId || withPerson || known || self) return
    let current = true
    const done = (result: Lookup['result']) => current && setLookup({ key, result })
    if (route.name === 'conversation') {
      fetchConversation(route.id).then(
        (found) => {
          if (found === 'not_found') done('not_found')
          else useChatStore.getState().conversationFetched(found)
        },
        (err: unknown) => {
          reportError(err, 'Cannot load this conversation.')
          done('error')
        },
      )
    } else if (route.name === 'person') {
      fetchUser(route.userId).then(done, (err: unknown) => {
        reportError(err, 'Cannot load this person.')
        done('error')
      })
    }
    return () => {
      current = false
    }
    // route is represented by key; attempt re-runs a failed lookup
  }, [key, listReady, byId, withPerson, known, self, attempt]) // eslint-disable-line react-hooks/exhaustive-deps

  if (route.name === 'conversation' && byId) return { kind: 'conversation', conversation: byId }
  if (route.name === 'person' && withPerson) return { kind: 'conversation', conversation: withPerson }
  if (route.name !== 'conversation' && route.name !== 'person') return { kind: 'none' }
  if (self) return { kind: 'not_found', what: 'person' }
  if (known) return { kind: 'draft', user: known }
  const result = lookup.key === key ? lookup.result : null
  if (result === 'not_found') return { kind: 'not_found', what: route.name }
  if (result === 'error') {
    const retry = () => {
      setLookup({ key: '', result: null })
      setAttempt((a) => a + 1)
    }
    return { kind: 'error', retry }
  }
  if (result && route.name === 'person') return { kind: 'draft', user: result }
  return { kind: 'loading' }
}
