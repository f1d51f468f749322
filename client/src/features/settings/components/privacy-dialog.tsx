import { DoneFooter, Modal } from '../../../components/ui/modal'
import { SettingsSwitches, type SwitchSpec } from './settings-switches'

const SWITCHES: SwitchSpec[] = [
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
  return (
    <Modal labelledBy="privacy-title" onClose={onClose} testId="privacy-dialog">
      <h2 id="privacy-title" className="mb-4 text-lg font-semibold">
        Privacy
      </h2>
      <SettingsSwitches switches={SWITCHES} />
      <DoneFooter testId="privacy-close" onClose={onClose} />
    </Modal>
  )
}
