import { useState } from 'react'
import { navigate, paths } from '../../../app/router'
import { Modal } from '../../../components/ui/modal'
import { SubmitButton } from '../../../components/ui/submit-button'
import { TextField } from '../../../components/ui/text-field'
import type { User } from '../../../types/api'
import { FormAlert } from '../../auth/components/form-alert'
import { missingFields, useAuthForm } from '../../auth/hooks/use-auth-form'
import { createGroup } from '../api/groups-api'
import { UserPicker } from './user-picker'
import { AddPeopleIcon } from '../../../components/ui/icons'

const FIELDS = ['title', 'member_ids'] as const

/** "New group" beside the search box: the dialog that makes one. */
export function NewGroupButton() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="btn shrink-0 btn-ghost btn-sm max-sm:h-10"
        data-testid="new-group-button"
        onClick={() => setOpen(true)}
      >
        <AddPeopleIcon />
        New group
      </button>
      {open && <NewGroupDialog onClose={() => setOpen(false)} />}
    </>
  )
}

/** A title and at least one other person; made, it opens at /c/<id>. */
function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const [title, setTitle] = useState('')
  const [members, setMembers] = useState<User[]>([])
  const { errors, formError, submitting, onSubmit } = useAuthForm(FIELDS)

  const submit = async () => {
    const group = await createGroup(
      title.trim(),
      members.map((u) => u.id),
    )
    onClose()
    navigate(paths.conversation(group.id))
  }
  const validate = () =>
    missingFields(
      { title: title.trim(), member_ids: members.length > 0 ? 'yes' : '' },
      { title: 'Enter a name for the group', member_ids: 'Add at least one person' },
    )

  return (
    <Modal labelledBy="new-group-title" onClose={onClose} testId="new-group-dialog">
      <h2 id="new-group-title" className="mb-4 text-lg font-semibold">
        New group
      </h2>
      <form className="flex flex-col gap-3" onSubmit={onSubmit(submit, { validate })} noValidate>
        <TextField
          id="title"
          label="Group name"
          testId="group-title-input"
          maxLength={80}
          autoComplete="off"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          errors={errors.title}
        />
        <UserPicker
          id="member_ids"
          label="Members"
          chosen={members}
          onChange={setMembers}
          errors={errors.member_ids}
        />
        <FormAlert message={formError} />
        <div className="mt-2 flex justify-end gap-2">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <SubmitButton submitting={submitting} testId="create-group">
            Create group
          </SubmitButton>
        </div>
      </form>
    </Modal>
  )
}
