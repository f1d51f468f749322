import { useRef, useState } from 'react'
import { MenuButton, MenuItem, MenuSeparator } from '../../../components/ui/menu'
import { ThemeMenuGroup } from '../../../components/ui/theme-picker'
import { PrivacyDialog } from '../../settings/components/privacy-dialog'
import { logout } from '../api/session'
import { PasswordDialog } from './password-dialog'
import { SessionsDialog } from './sessions-dialog'

/**
 * Change password, privacy, signed-in devices, theme and Log out behind one icon button, so that the
 * sidebar header (as narrow as a phone at every width) leaves the user's name its room.
 */
export function AccountMenu() {
  const [changingPassword, setChangingPassword] = useState(false)
  const [privacy, setPrivacy] = useState(false)
  const [devices, setDevices] = useState(false)
  const leaving = useRef(false)
  return (
    <>
      <MenuButton label="Account menu" testId="account-menu-button" icon={<Icon d={DOTS} />}>
        <MenuItem testId="password-button" onSelect={() => setChangingPassword(true)}>
          <Icon d={LOCK} />
          Change password
        </MenuItem>
        <MenuItem testId="privacy-button" onSelect={() => setPrivacy(true)}>
          <Icon d={SHIELD} />
          Privacy
        </MenuItem>
        <MenuItem testId="sessions-button" onSelect={() => setDevices(true)}>
          <Icon d={DEVICES} />
          Signed-in devices
        </MenuItem>
        <MenuSeparator />
        <ThemeMenuGroup />
        <MenuSeparator />
        <MenuItem
          testId="logout-button"
          onSelect={() => {
            if (leaving.current) return
            leaving.current = true
            void logout()
          }}
        >
          <Icon d={EXIT} />
          Log out
        </MenuItem>
      </MenuButton>
      {changingPassword && <PasswordDialog onClose={() => setChangingPassword(false)} />}
      {privacy && <PrivacyDialog onClose={() => setPrivacy(false)} />}
      {devices && <SessionsDialog onClose={() => setDevices(false)} />}
    </>
  )
}

const DOTS = 'M12 5.5v.01M12 12v.01M12 18.5v.01'
const LOCK = 'M6 11h12v9H6zM8 11V8a4 4 0 0 1 8 0v3'
const SHIELD = 'M12 3l7 3v5c0 4.5-3 8.5-7 10-4-1.5-7-5.5-7-10V6z'
const DEVICES = 'M3 5h13v9H3zM1 17h17M19 8h4v11h-4z'
const EXIT = 'M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3M10 17l5-5-5-5M15 12H3'

function Icon({ d }: { d: string }) {
  return (
    <svg
      className="size-5"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={d === DOTS ? 3 : 2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={d} />
    </svg>
  )
}
