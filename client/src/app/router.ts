import { useSyncExternalStore } from 'react'

/** A minimal history-based router: three paths do not need a routing library. */
export const paths = { chat: '/', login: '/login', signup: '/signup' } as const

const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

export function navigate(path: string, { replace = false } = {}): void {
  if (window.location.pathname === path) return
  if (replace) window.history.replaceState(null, '', path)
  else window.history.pushState(null, '', path)
  listeners.forEach((l) => l())
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname)
}
