import { TOAST_TTL_MS } from '../config/constants'
import type { SliceCreator } from './types'

export type ToastKind = 'error' | 'info' | 'success'

export interface Toast {
  id: number
  kind: ToastKind
  text: string
}

export interface ToastSlice {
  toasts: Toast[]
  pushToast: (text: string, kind?: ToastKind) => void
  dismissToast: (id: number) => void
  /** Drop every toast: what they said belongs to a screen that is gone (signing in or out). */
  clearToasts: () => void
}

/** At most this many show at once; a newer one pushes out the oldest. */
export const MAX_TOASTS = 3

let nextToastId = 1

export const createToastSlice: SliceCreator<ToastSlice> = (set, get) => ({
  toasts: [],
  pushToast: (text, kind = 'error') => {
    const id = nextToastId++
    // The same text twice in a row (e.g. several failed sends) shows once.
    set((state) => ({
      toasts: [...state.toasts.filter((t) => t.text !== text), { id, kind, text }].slice(-MAX_TOASTS),
    }))
    setTimeout(() => get().dismissToast(id), TOAST_TTL_MS)
  },
  dismissToast: (id) =>
    set((state) =>
      state.toasts.some((t) => t.id === id) ? { toasts: state.toasts.filter((t) => t.id !== id) } : state,
    ),
  clearToasts: () => set((state) => (state.toasts.length === 0 ? state : { toasts: [] })),
})
