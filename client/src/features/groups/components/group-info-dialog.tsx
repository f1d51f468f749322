import { useState, type FormEvent } from 'react'
import { Avatar } from '../../../components/ui/avatar'
import { Modal } from '../../../components/ui/modal'
import { TextField } from '../../../components/ui/text-field'
import { useChatStore } from '../../../stores/chat-store'
import { canManage } from '../../../stores/conversation-helpers'
import type { FieldErrors, GroupConversation, GroupMember, Role, User } from '../../../types/api'
import { FormAlert } from '../../auth/components/form-alert'
import { splitFormError } from '../../auth/components/form-errors'
import { addMembers, removeMember, renameGroup, setRole } from '../api/groups-api'
import { UserPicker } from './user-picker'

interface GroupInfoDialogProps {
  group: GroupConversation
  myId: string
  onClose: () => void
}

const ROLE_NAMES: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' }
const FIELDS = ['title', 'user_ids', 'role']

/**
 * The group's title and members with their roles and who is online. Owners and admins rename it,
 * add and remove members; owners change roles; anyone leaves (after a confirmation). The server's
 * refusals (fields, not_allowed) show in the dialog.
 */
export function GroupInfoDialog({ group, myId, onClose }: GroupInfoDialogProps) {
  const [leaving, setLeaving] = useState(false)
  /** Back from the leave step: focus returns to "Leave group". */
  const [returning, setReturning] = useState(false)
  const [busy, setBusy] = useState(false)
  const [fields, setFields] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const manage = canManage(group)

  /** One change at a time; its refusal lands under its field or in the dialog's alert. */
  async function run(change: () => Promise<unknown>): Promise<boolean> {
    if (busy) return false
    setBusy(true)
    setFields({})
    setFormError(null)
    try {
      await change()
      return true
    } catch (err) {
      const split = splitFormError(err, FIELDS)
      setFields(split.fields)
      setFormError(split.form ?? (split.fields.role ? split.fields.role.join(' ') : null))
      return false
    } finally {
      setBusy(false)
    }
  }

  if (leaving) {
    const soleOwner =
      group.my_role === 'owner' && group.members.filter((m) => m.role === 'owner').length === 1
    return (
      <Modal labelledBy="group-info-title" onClose={onClose} testId="group-info-dialog">
        <h2 id="group-info-title" className="text-lg font-semibold">
          Leave “{group.title}”?
        </h2>
        <p className="py-3 text-sm">
          You will stop receiving its messages. What you could read until now stays in your list.
          {soleOwner && ' As you are its only owner, its longest-standing admin (or member) becomes owner.'}
        </p>
        <FormAlert message={formError} />
        <div className="modal-action">
          <button
            type="button"
            className="btn btn-ghost"
            data-testid="leave-cancel"
            // The button that opened this step went away with it: focus comes here, and back.
            autoFocus
            onClick={() => {
              setLeaving(false)
              setReturning(true)
            }}
          >
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-error"
            data-testid="leave-confirm"
            aria-disabled={busy || undefined}
            onClick={() => void run(() => removeMember(group.id, myId)).then((ok) => ok && onClose())}
          >
            Leave group
          </button>
        </div>
      </Modal>
    )
  }

  return (
    <Modal labelledBy="group-info-title" onClose={onClose} testId="group-info-dialog">
      <button
        type="button"
        className="btn absolute top-2 right-2 btn-circle btn-ghost btn-sm max-sm:size-11"
        aria-label="Close"
        data-testid="group-info-close"
        onClick={onClose}
      >
        <span aria-hidden="true">✕</span>
      </button>
      <h2 id="group-info-title" className="mb-3 pr-10 text-lg font-semibold">
        Group info
      </h2>
      <div className="flex flex-col gap-4">
        {manage ? (
          <RenameForm group={group} busy={busy} errors={fields.title} run={run} />
        ) : (
          <p className="font-medium" data-testid="group-info-title-text">
            {group.title}
          </p>
        )}
        <MemberList group={group} myId={myId} busy={busy} run={run} />
        {manage && <AddMembersForm group={group} busy={busy} errors={fields.user_ids} run={run} />}
        <FormAlert message={formError} />
        {!group.left && (
          <div className="flex justify-end">
            <button
              type="button"
              className="btn btn-outline btn-sm text-error-ink"
              data-testid="leave-group"
              autoFocus={returning}
              onClick={() => {
                setFormError(null)
                setLeaving(true)
              }}
            >
              Leave group
            </button>
          </div>
        )}
      </div>
    </Modal>
  )
}

type Run = (change: () => Promise<unknown>) => Promise<boolean>

/** A form of the dialog: its field's errors, and `run` for its change. */
interface GroupFormProps {
  group: GroupConversation
  busy: boolean
  errors?: string[]
  run: Run
}

function RenameForm({ group, busy, errors, run }: GroupFormProps) {
  const [title, setTitle] = useState(group.title)
  const changed = title.trim() !== group.title
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (changed) void run(() => renameGroup(group.id, title.trim()))
  }
  return (
    <form className="flex items-end gap-2" onSubmit={submit} noValidate>
      <div className="min-w-0 flex-1">
        <TextField
          id="title"
          label="Group name"
          testId="rename-input"
          maxLength={80}
          autoComplete="off"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          errors={errors}
        />
      </div>
      <button
        type="submit"
        className={`btn btn-primary ${errors?.length ? 'self-center' : ''}`}
        data-testid="rename-save"
        aria-disabled={busy || !changed || undefined}
      >
        Save
      </button>
    </form>
  )
}

function MemberList({
  group,
  myId,
  busy,
  run,
}: {
  group: GroupConversation
  myId: string
  busy: boolean
  run: Run
}) {
  const online = useChatStore((s) => s.online)
  return (
    <section aria-labelledby="group-members-heading" className="flex flex-col gap-1">
      {/* Focus comes here when the member whose Remove button had it is gone. */}
      <h3 id="group-members-heading" tabIndex={-1} className="rounded text-sm font-semibold">
        {group.members.length} {group.members.length === 1 ? 'member' : 'members'}
      </h3>
      <ul
        className="flex max-h-64 flex-col gap-1 overflow-y-auto"
        aria-label="Members"
        data-testid="member-list"
      >
        {group.members.map((m) => (
          <MemberRow
            key={m.user.id}
            group={group}
            member={m}
            me={m.user.id === myId}
            online={online.has(m.user.id)}
            busy={busy}
            run={run}
          />
        ))}
      </ul>
    </section>
  )
}

interface MemberRowProps {
  group: GroupConversation
  member: GroupMember
  me: boolean
  online: boolean
  busy: boolean
  run: Run
}

function MemberRow({ group, member, me, online, busy, run }: MemberRowProps) {
  const { user, role } = member
  const owner = group.my_role === 'owner' && !group.left
  const mayRemove = !me && canManage(group) && (owner || role !== 'owner')
  const mayChangeRole = owner && !me
  return (
    <li
      className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg px-1 py-1"
      data-testid="member"
      data-username={user.username}
      data-role={role}
    >
      <Avatar user={user} size="sm" online={online} />
      {/* Sized by its content, so that on a narrow screen the controls wrap below the name. */}
      <span className="flex min-w-0 flex-[1_1_auto] flex-col">
        <span className="truncate font-medium">
          {user.full_name}
          {me && <span className="font-normal text-base-content/70"> (you)</span>}
        </span>
        <span className="truncate text-xs text-base-content/70">
          @{user.username}
          {online && <span className="sr-only">, online</span>}
          {!mayChangeRole && role !== 'member' && ` · ${ROLE_NAMES[role]}`}
        </span>
      </span>
      {(mayChangeRole || mayRemove) && (
        <span className="ml-auto flex items-center gap-1">
          {mayChangeRole && (
            <select
              className="select w-auto select-sm"
              aria-label={`Role of ${user.full_name}`}
              data-testid="member-role"
              value={role}
              // Not `disabled` while a change is out: that would drop the focus (run() ignores it then).
              aria-disabled={busy || undefined}
              onChange={(e) => void run(() => setRole(group.id, user.id, e.target.value as Role))}
            >
              {(Object.keys(ROLE_NAMES) as Role[]).map((r) => (
                <option key={r} value={r}>
                  {ROLE_NAMES[r]}
                </option>
              ))}
            </select>
          )}
          {mayRemove && (
            <button
              type="button"
              className="btn btn-ghost btn-sm text-error-ink max-sm:h-10"
              aria-label={`Remove ${user.full_name}`}
              data-testid="remove-member"
              aria-disabled={busy || undefined}
              onClick={() =>
                void run(() => removeMember(group.id, user.id)).then((ok) => {
                  if (ok) document.getElementById('group-members-heading')?.focus()
                })
              }
            >
              Remove
            </button>
          )}
        </span>
      )}
    </li>
  )
}

function AddMembersForm({ group, busy, errors, run }: GroupFormProps) {
  const [chosen, setChosen] = useState<User[]>([])
  const members = new Set(group.members.map((m) => m.user.id))
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (chosen.length === 0) return
    void run(() =>
      addMembers(
        group.id,
        chosen.map((u) => u.id),
      ),
    ).then((ok) => {
      if (!ok) return
      setChosen([])
      // The Add button goes with the chosen people: focus moves to the grown member list.
      document.getElementById('group-members-heading')?.focus()
    })
  }
  return (
    <form className="flex flex-col gap-2" onSubmit={submit} noValidate>
      <UserPicker
        id="user_ids"
        label="Add people"
        chosen={chosen}
        onChange={setChosen}
        exclude={members}
        errors={errors}
      />
      {chosen.length > 0 && (
        <button
          type="submit"
          className="btn self-end btn-sm btn-primary"
          data-testid="add-members"
          aria-disabled={busy || undefined}
        >
          Add {chosen.length === 1 ? chosen[0]?.full_name : `${chosen.length} people`}
        </button>
      )}
    </form>
  )
}
