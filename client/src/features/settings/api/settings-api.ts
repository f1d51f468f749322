import { api } from '../../../lib/api-client'
import { useChatStore } from '../../../stores/chat-store'
import type { UserSettings } from '../../../types/api'

const PATH = '/api/users/me/settings'

/** Fetch the privacy switches into the store; a failure leaves them unknown (no typing is sent). */
export async function loadSettings(): Promise<UserSettings | null> {
  try {
    const { settings } = await api.get<{ settings: UserSettings }>(PATH)
    if (useChatStore.getState().user) useChatStore.getState().settingsLoaded(settings)
    return settings
  } catch {
    return null
  }
}

/** Change one or both switches; the store follows the server's answer. */
export async function updateSettings(changes: Partial<UserSettings>): Promise<UserSettings> {
  const { settings } = await api.patch<{ settings: UserSettings }>(PATH, changes)
  if (useChatStore.getState().user) useChatStore.getState().settingsLoaded(settings)
  return settings
}
