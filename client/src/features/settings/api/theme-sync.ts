// The theme follows the account: a choice is saved to the user's settings, and settings arriving
// from the server (after sign-in, on each reconnect) set the theme — unless a choice made here has
// not reached the server yet (made while signed out or offline, or cut short by a reload): that one
// is saved instead. localStorage still paints the first frame (public/theme-init.js).
import { adoptThemeChoice, getThemeChoice, onThemeChosen, type ThemeChoice } from '../../../lib/theme'
import { useChatStore } from '../../../stores/chat-store'
import { updateSettings } from './settings-api'

const UNSAVED_KEY = 'theme-unsaved'

function storage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

function setUnsaved(unsaved: boolean): void {
  try {
    if (unsaved) storage()?.setItem(UNSAVED_KEY, '1')
    else storage()?.removeItem(UNSAVED_KEY)
  } catch {
    // storage disabled: the server's theme wins at the next sign-in
  }
}

const unsaved = () => storage()?.getItem(UNSAVED_KEY) === '1'

function save(choice: ThemeChoice): void {
  if (!useChatStore.getState().user) return
  // A failure keeps it unsaved: the next settings from the server bring it back here.
  updateSettings({ theme: choice }).catch(() => {})
}

/** What the server holds against what is shown: adopt it, or send ours if it is newer. */
export function themeFromServer(theme: ThemeChoice): void {
  const local = getThemeChoice()
  if (theme === local) setUnsaved(false)
  else if (unsaved()) save(local)
  else adoptThemeChoice(theme)
}

/** Call once at start-up. */
export function startThemeSync(): void {
  onThemeChosen((choice) => {
    setUnsaved(true)
    save(choice)
  })
  useChatStore.subscribe((state, previous) => {
    // A choice still unsaved at sign-out was that account's: the next one starts from its own.
    if (!state.user && previous.user) setUnsaved(false)
    if (state.settings && state.settings !== previous.settings) themeFromServer(state.settings.theme)
  })
}
