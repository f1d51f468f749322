import { useState, type RefObject } from 'react'
import { GroupAvatar } from '../../../components/ui/avatar'
import { useChatStore } from '../../../stores/chat-store'
import type { GroupConversation } from '../../../types/api'
import { MuteButton } from '../../conversations/components/mute-button'
import { GroupInfoDialog } from './group-info-dialog'
import { PeopleIcon } from '../../../components/ui/icons'

interface GroupHeadingProps {
  group: GroupConversation
  heading: RefObject<HTMLHeadingElement | null>
  myId: string
}

const count = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`

/** A group's header: its avatar, title, how many members (and online), and its info dialog. */
export function GroupHeading({ group, heading, myId }: GroupHeadingProps) {
  const [open, setOpen] = useState(false)
  const onlineCount = useChatStore(
    (s) => group.members.filter((m) => m.user.id !== myId && s.online.has(m.user.id)).length,
  )
  return (
    <>
      <GroupAvatar id={group.id} title={group.title} size="sm" />
      <div className="flex min-w-0 flex-1 flex-col">
        <h2
          ref={heading}
          tabIndex={-1}
          className="truncate rounded font-semibold"
          data-testid="conversation-title"
        >
          {group.title}
        </h2>
        <span className="truncate text-xs text-base-content/70" data-testid="member-count">
          {group.left ? 'You are no longer a member' : count(group.members.length, 'member')}
          {!group.left && onlineCount > 0 && `, ${onlineCount} online`}
        </span>
      </div>
      {!group.left && <MuteButton conversationId={group.id} muted={group.muted} />}
      <button
        type="button"
        className="btn ml-auto shrink-0 btn-ghost btn-sm max-sm:h-10"
        data-testid="group-info-button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <PeopleIcon />
        <span className="max-sm:sr-only">Members</span>
      </button>
      {open && <GroupInfoDialog group={group} myId={myId} onClose={() => setOpen(false)} />}
    </>
  )
}
