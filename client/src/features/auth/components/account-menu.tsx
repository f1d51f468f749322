import { useRef, useState } from 'react'
import {
  DevicesIcon,
  LockIcon,
  MenuDotsIcon,
  PictureIcon,
  ShieldIcon,
  SignOutIcon,
} from '../../../components/ui/icons'
import { MenuButton, MenuItem, MenuSeparator } from '../../../components/ui/menu'
import { ThemeMenuGroup } from '../../../components/ui/theme-picker'
import { PictureInput } from '../../users/components/picture-input'
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
  const pictureInput = useRef<HTMLInputElement>(null)
  return (
    <>
      <MenuButton label="Account menu" testId="account-menu-button" icon={<MenuDotsIcon />}>
        <MenuItem testId="password-button" onSelect={() => setChangingPassword(true)}>
          <LockIcon />
          Change password
        </MenuItem>
        <MenuItem testId="privacy-button" onSelect={() => setPrivacy(true)}>
          <ShieldIcon />
          Privacy
        </MenuItem>
        <MenuItem testId="sessions-button" onSelect={() => setDevices(true)}>
          <DevicesIcon />
          Signed-in devices
        </MenuItem>
        <MenuItem testId="picture-button" onSelect={() => pictureInput.current?.click()}>
          <PictureIcon />
          Change picture
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
          <SignOutIcon />
          Log out
        </MenuItem>
      </MenuButton>
      {changingPassword && <PasswordDialog onClose={() => setChangingPassword(false)} />}
      {privacy && <PrivacyDialog onClose={() => setPrivacy(false)} />}
      {devices && <SessionsDialog onClose={() => setDevices(false)} />}
      <PictureInput input={pictureInput} />
    </>
  )
}
