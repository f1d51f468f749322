import { useEffect, useState } from 'react'
import { DoneFooter, Modal } from '../../../components/ui/modal'
import { Spinner } from '../../../components/ui/spinner'
import { useChatStore } from '../../../stores/chat-store'
import type { UserSettings } from '../../../types/api'
import { FormAlert } from '../../auth/components/form-alert'
import { loadSettings, updateSettings } from '../api/settings-api'

type Key = keyof UserSettings

const SWITCHES: { key: Key; label: string; help: string }[] = [
  {
    key: 'share_typing',
    label: 'Send my typing indicator',
    help: 'Off: nobody sees when you are typing. You still see when others are.',
  },
  {
    key: 'share_read_receipts',
    label: 'Send my read receipts',
    help: 'Off: others see that their messages reached you, not that you read them. You still see when they read yours.',
  },
]

/** The privacy switches, stored on the server (every device of the account follows them). */
export function PrivacyDialog({ onClose }: { onClose: () => void }) {
  const settings = useChatStore((s) => s.settings)
  const [saving, setSaving] = useState<Key | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    void loadSettings().then((loaded) => {
      if (!loaded && !useChatStore.getState().settings) setFailed(true)
    })
  }, [])

  async function toggle(key: Key, value: boolean) {
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

  return (
    <Modal labelledBy="privacy-title" onClose={onClose} testId="privacy-dialog">
      <h2 id="privacy-title" className="mb-4 text-lg font-semibold">
        Privacy
      </h2>
      {!settings ? (
        failed ? (
          <FormAlert message="Cannot load your settings. Check your connection and try again." />
        ) : (
          <Spinner label="Loading settings" />
        )
      ) : (
        <div className="flex flex-col gap-4">
          {SWITCHES.map(({ key, label, help }) => (
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
      )}
      <DoneFooter testId="privacy-close" onClose={onClose} />
    </Modal>
  )
}
