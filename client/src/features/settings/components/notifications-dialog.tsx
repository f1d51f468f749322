import { useState } from 'react'
import { DoneFooter, Modal } from '../../../components/ui/modal'
import {
  notificationAccess,
  requestNotificationAccess,
  type NotificationAccess,
} from '../../../lib/browser-notifications'
import { useChatStore } from '../../../stores/chat-store'
import { updateSettings } from '../api/settings-api'
import { SettingsSwitches, type SwitchSpec } from './settings-switches'

const SWITCHES: SwitchSpec[] = [
  {
    key: 'notifications',
    label: 'Show notifications',
    help: 'For a new message while this tab is in the background. Muted conversations only notify you when you are mentioned.',
  },
  {
    key: 'sound',
    label: 'Play a sound',
    help: 'A short chime with each new message while this tab is in the background.',
  },
]

const STATES: Record<Exclude<NotificationAccess, 'default'>, string> = {
  granted: 'This browser shows notifications from this chat.',
  denied: 'This browser blocks notifications from this chat. Allow them in its site settings to see them.',
  unsupported: 'This browser cannot show notifications. The sound still plays.',
}

/** Notification and sound switches (stored on the server), and the browser's permission, asked
 *  for only when the user presses "Turn on notifications". */
export function NotificationsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Modal labelledBy="notifications-title" onClose={onClose} testId="notifications-dialog">
      <h2 id="notifications-title" className="mb-4 text-lg font-semibold">
        Notifications
      </h2>
      <div className="flex flex-col gap-4">
        <BrowserPermission />
        <SettingsSwitches switches={SWITCHES} />
      </div>
      <DoneFooter testId="notifications-close" onClose={onClose} />
    </Modal>
  )
}

function BrowserPermission() {
  const [access, setAccess] = useState(notificationAccess)
  const [asking, setAsking] = useState(false)

  async function ask() {
    setAsking(true)
    try {
      const answer = await requestNotificationAccess()
      setAccess(answer)
      // Asked for them: the switch should not leave them off.
      if (answer === 'granted' && useChatStore.getState().settings?.notifications === false) {
        await updateSettings({ notifications: true }).catch(() => {})
      }
    } finally {
      setAsking(false)
    }
  }

  if (access !== 'default') {
    return (
      <p className="text-sm text-base-content/70" data-testid="notification-access" data-access={access}>
        {STATES[access]}
      </p>
    )
  }
  return (
    <div className="flex flex-col items-start gap-2" data-testid="notification-access" data-access={access}>
      <p className="text-sm text-base-content/70">
        Your browser asks you once before this chat may show notifications.
      </p>
      <button
        type="button"
        className="btn btn-sm btn-primary max-sm:h-10"
        data-testid="notifications-permission"
        aria-disabled={asking || undefined}
        onClick={() => {
          if (!asking) void ask()
        }}
      >
        Turn on notifications
      </button>
    </div>
  )
}
