import { useSyncExternalStore } from 'react'

/**
 * A minimal history-based router: a handful of paths do not need a routing library.
 *
 * /            the conversation list (on phones the list alone)
 * /c/<id>      one conversation, shareable between one's own tabs and kept across a reload
 * /u/<userId>  someone without a conversation yet (a draft until the first message)
 * /login, /signup
 */
export const paths = {
  list: '/',
  login: '/login',
  signup: '/signup',
  conversation: (id: string) => `/c/${encodeURIComponent(id)}`,
  person: (userId: string) => `/u/${encodeURIComponent(userId)}`,
} as const

export type Route =
  | { name: 'list' }
  | { name: 'conversation'; id: string }
  | { name: 'person'; userId: string }
  | { name: 'login' }
  | { name: 'signup' }
  | { name: 'unknown' }

/** Entries we push carry this state: Back from them stays in the app. */
interface EntryState {
  inApp: true
}

function decode(part: string): string | null {
  try {
    const value = decodeURIComponent(part)
    return value && !value.includes('/') ? value : null
  } catch {
    return null
  }
}

export function parseRoute(pathname: string): Route {
  if (pathname === paths.list) return { name: 'list' }
  if (pathname === paths.login) return { name: 'login' }
  if (pathname === paths.signup) return { name: 'signup' }
  const match = /^\/([cu])\/([^/]+)\/?$/.exec(pathname)
  const id = match?.[2] ? decode(match[2]) : null
  if (match && id) return match[1] === 'c' ? { name: 'conversation', id } : { name: 'person', userId: id }
  return { name: 'unknown' }
}

const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

const currentPath = () => window.location.pathname + window.location.search

export function navigate(path: string, { replace = false } = {}): void {
  if (currentPath() === path) return
  const state: EntryState = { inApp: true }
  if (replace) window.history.replaceState(state, '', path)
  else window.history.pushState(state, '', path)
  listeners.forEach((l) => l())
}

/** Back to the list: the previous entry when it is ours (phone Back and the header's back button agree). */
export function goBackToList(): void {
  const state = window.history.state as Partial<EntryState> | null
  if (state?.inApp && window.history.length > 1) window.history.back()
  else navigate(paths.list, { replace: true })
}

/**
 * Opened straight at a conversation (a link, a typed URL): put the list underneath, so the phone's
 * Back returns to it instead of leaving the app. A reload keeps its entries' state and adds nothing.
 */
export function seedListEntry(): void {
  const route = parseRoute(window.location.pathname)
  if (window.history.state !== null || (route.name !== 'conversation' && route.name !== 'person')) return
  const path = currentPath()
  window.history.replaceState({ inApp: true } satisfies EntryState, '', paths.list)
  window.history.pushState({ inApp: true } satisfies EntryState, '', path)
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname)
}

export function useSearchParam(name: string): string | null {
  const search = useSyncExternalStore(subscribe, () => window.location.search)
  return new URLSearchParams(search).get(name)
}

/** A `next` we may go to after sign-in: one of our own in-app paths, never another origin. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return null
  const route = parseRoute(next)
  return route.name === 'conversation' || route.name === 'person' ? next : null
}
