import { useEffect, useState } from 'react'
import { Spinner } from '../../../components/ui/spinner'
import { useChatStore } from '../../../stores/chat-store'
import type { UserSettings } from '../../../types/api'
import { FormAlert } from '../../auth/components/form-alert'
import { loadSettings, updateSettings } from '../api/settings-api'

/** The settings that are on/off switches. */
export type SwitchKey = {
  [K in keyof UserSettings]: UserSettings[K] extends boolean ? K : never
}[keyof UserSettings]

export interface SwitchSpec {
  key: SwitchKey
  label: string
  help: string
}

/**
 * Some of the user's switches, loaded from the server when shown and saved there at each change (so
 * every device of the account follows them); a spinner until loaded, an alert if they cannot be.
 */
export function SettingsSwitches({ switches }: { switches: readonly SwitchSpec[] }) {
  const settings = useChatStore((s) => s.settings)
  const [saving, setSaving] = useState<SwitchKey | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    void loadSettings().then((loaded) => {
      if (!loaded && !useChatStore.getState().settings) setFailed(true)
    })
  }, [])

  async function toggle(key: SwitchKey, value: boolean) {
    setSaving(key)
    setError(null)
    try {
      await updateSettings({ [key]: value })
    } catch (err) {
      setError(err instanceof Error && err.message ? err.message : 'Cannot save the setting.')
    } finally {
      setSaving(null)
    }
  }

  if (!settings) {
    return failed ? (
      <FormAlert message="Cannot load your settings. Check your connection and try again." />
    ) : (
      <Spinner label="Loading settings" />
    )
  }
  return (
    <div className="flex flex-col gap-4">
      {switches.map(({ key, label, help }) => (
        <div key={key} className="flex items-start gap-3">
          <input
            id={`setting-${key}`}
            type="checkbox"
            role="switch"
            className="toggle mt-0.5 toggle-primary"
            data-testid={`setting-${key}`}
            aria-describedby={`setting-${key}-help`}
            checked={settings[key]}
            disabled={saving === key}
            onChange={(e) => void toggle(key, e.target.checked)}
          />
          <div className="flex flex-col gap-0.5">
            <label htmlFor={`setting-${key}`} className="font-medium">
              {label}
            </label>
            <span id={`setting-${key}-help`} className="text-sm text-base-content/70">
              {help}
            </span>
          </div>
        </div>
      ))}
      <FormAlert message={error} />
    </div>
  )
}
