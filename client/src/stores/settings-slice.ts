import { EDIT_WINDOW_MS } from '../config/constants'
import type { MessageRules, UserSettings } from '../types/api'
import type { SliceCreator } from './types'

export interface SettingsState {
  /** The privacy switches, null until loaded (after sign-in). */
  settings: UserSettings | null
  /** How long our messages can be edited, null for always: the server's rule once known,
   *  its default until then. */
  editWindowMs: number | null
}

export interface SettingsSlice extends SettingsState {
  settingsLoaded: (settings: UserSettings) => void
  messageRulesLoaded: (rules: MessageRules) => void
}

export const initialSettingsState: SettingsState = { settings: null, editWindowMs: EDIT_WINDOW_MS }

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set) => ({
  ...initialSettingsState,
  settingsLoaded: (settings) => set({ settings }),
  messageRulesLoaded: ({ edit_window_minutes: minutes }) =>
    set({ editWindowMs: minutes > 0 ? minutes * 60_000 : null }),
})
