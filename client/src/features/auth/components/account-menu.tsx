import { useRef, useState } from 'react'
import {
  BellIcon,
  DevicesIcon,
  LockIcon,
  MenuDotsIcon,
  PencilIcon,
  PictureIcon,
  ShieldIcon,
  SignOutIcon,
} from '../../../components/ui/icons'
import { MenuButton, MenuItem, MenuSeparator } from '../../../components/ui/menu'
import { ThemeMenuGroup } from '../../../components/ui/theme-picker'
import { NotificationsDialog } from '../../settings/components/notifications-dialog'
import { PrivacyDialog } from '../../settings/components/privacy-dialog'
import { NameDialog } from '../../users/components/name-dialog'
import { PictureInput } from '../../users/components/picture-input'
import { logout } from '../api/session'
import { PasswordDialog } from './password-dialog'
import { SessionsDialog } from './sessions-dialog'

type Dialog = 'password' | 'name' | 'privacy' | 'notifications' | 'devices'

/**
 * Change password, one's name, privacy, notifications, signed-in devices, picture, theme and Log out behind one icon button, so that the
 * sidebar header (as narrow as a phone at every width) leaves the user's name its room.
 */
export function AccountMenu() {
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const close = () => setDialog(null)
  const leaving = useRef(false)
  const pictureInput = useRef<HTMLInputElement>(null)
  return (
    <>
      <MenuButton label="Account menu" testId="account-menu-button" icon={<MenuDotsIcon />}>
        <MenuItem testId="password-button" onSelect={() => setDialog('password')}>
          <LockIcon />
          Change password
        </MenuItem>
        <MenuItem testId="name-button" onSelect={() => setDialog('name')}>
          <PencilIcon />
          Change your name
        </MenuItem>
        <MenuItem testId="privacy-button" onSelect={() => setDialog('privacy')}>
          <ShieldIcon />
          Privacy
        </MenuItem>
        <MenuItem testId="notifications-button" onSelect={() => setDialog('notifications')}>
          <BellIcon />
          Notifications
        </MenuItem>
        <MenuItem testId="sessions-button" onSelect={() => setDialog('devices')}>
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
      {dialog === 'password' && <PasswordDialog onClose={close} />}
      {dialog === 'name' && <NameDialog onClose={close} />}
      {dialog === 'privacy' && <PrivacyDialog onClose={close} />}
      {dialog === 'notifications' && <NotificationsDialog onClose={close} />}
      {dialog === 'devices' && <SessionsDialog onClose={close} />}
      <PictureInput input={pictureInput} />
    </>
  )
}
