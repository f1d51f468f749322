import type { UserSettings } from '../types/api'
import type { SliceCreator } from './types'

export interface SettingsState {
  /** The privacy switches, null until loaded (after sign-in). */
  settings: UserSettings | null
}

export interface SettingsSlice extends SettingsState {
  settingsLoaded: (settings: UserSettings) => void
}

export const initialSettingsState: SettingsState = { settings: null }

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set) => ({
  ...initialSettingsState,
  settingsLoaded: (settings) => set({ settings }),
})
