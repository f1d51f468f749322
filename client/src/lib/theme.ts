// Light, dark or the system's theme, chosen by the user and remembered in localStorage (and, signed
// in, in the user's settings on the server: features/settings/api/theme-sync.ts). The theme is
// DaisyUI's, set as data-theme on <html>; public/theme-init.js applies the saved one before the
// first paint (the CSP forbids inline scripts), startTheme takes over from main.tsx.

export const THEME_CHOICES = ['light', 'dark', 'system'] as const
export type ThemeChoice = (typeof THEME_CHOICES)[number]
export type Theme = 'light' | 'dark'

/** The key public/theme-init.js reads too. */
export const THEME_KEY = 'theme'
export const DARK_QUERY = '(prefers-color-scheme: dark)'

export function parseChoice(value: string | null | undefined): ThemeChoice {
  return THEME_CHOICES.find((c) => c === value) ?? 'system'
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice
}

/** What startTheme needs of the browser (a fake in tests). */
export interface ThemeHost {
  storage: Pick<Storage, 'getItem' | 'setItem'>
  root: Pick<HTMLElement, 'setAttribute'>
  darkQuery: Pick<MediaQueryList, 'matches' | 'addEventListener' | 'removeEventListener'>
}

let host: ThemeHost | null = null
let choice: ThemeChoice = 'system'
const listeners = new Set<() => void>()
const chosenListeners = new Set<(choice: ThemeChoice) => void>()

function apply(): void {
  host?.root.setAttribute('data-theme', resolveTheme(choice, host.darkQuery.matches))
  listeners.forEach((l) => l())
}

/** Applies the saved choice and follows the system's scheme while `system` is chosen. */
export function startTheme(h: ThemeHost = browserHost()): () => void {
  host = h
  try {
    choice = parseChoice(h.storage.getItem(THEME_KEY))
  } catch {
    choice = 'system' // storage disabled
  }
  apply()
  h.darkQuery.addEventListener('change', apply)
  return () => {
    h.darkQuery.removeEventListener('change', apply)
    if (host === h) host = null
  }
}

/** The user picked a theme: shown, remembered here, and told to onThemeChosen listeners. */
export function setThemeChoice(next: ThemeChoice): void {
  adoptThemeChoice(next)
  chosenListeners.forEach((l) => l(next))
}

/** A choice made elsewhere (the account's, from the server): shown and remembered here only. */
export function adoptThemeChoice(next: ThemeChoice): void {
  choice = next
  try {
    host?.storage.setItem(THEME_KEY, next)
  } catch {
    // storage disabled: the choice lasts until the page is left
  }
  apply()
}

/** Called with each choice the user makes (not with adopted ones). */
export function onThemeChosen(listener: (choice: ThemeChoice) => void): () => void {
  chosenListeners.add(listener)
  return () => chosenListeners.delete(listener)
}

export function getThemeChoice(): ThemeChoice {
  return choice
}

/** The theme shown now (the system's when `system` is chosen). */
export function getTheme(): Theme {
  return resolveTheme(choice, host?.darkQuery.matches ?? false)
}

/** For useSyncExternalStore: called on a new choice and on a system change. */
export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function browserHost(): ThemeHost {
  return {
    storage: window.localStorage,
    root: document.documentElement,
    darkQuery: window.matchMedia(DARK_QUERY),
  }
}
