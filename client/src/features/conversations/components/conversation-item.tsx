import { paths } from '../../../app/router'
import { AppLink } from '../../../components/ui/app-link'
import { Avatar, GroupAvatar } from '../../../components/ui/avatar'
import { BellOffIcon } from '../../../components/ui/icons'
import { formatListTime, formatUnread } from '../../../lib/format'
import { previewText } from '../../../lib/group-text'
import { conversationName } from '../../../stores/conversation-helpers'
import type { Conversation } from '../../../types/api'

interface ConversationItemProps {
  conversation: Conversation
  myId: string
  online: boolean
  active: boolean
}

export function ConversationItem({ conversation, myId, online, active }: ConversationItemProps) {
  const last = conversation.last_message
  const direct = conversation.kind === 'direct' ? conversation : null
  return (
    <li>
      <AppLink
        to={paths.conversation(conversation.id)}
        data-testid="conversation-item"
        data-conversation-id={conversation.id}
        data-kind={conversation.kind}
        data-username={direct?.other.username}
        data-title={direct ? undefined : conversationName(conversation)}
        data-muted={conversation.muted || undefined}
        aria-current={active ? 'page' : undefined}
        className="flex w-full min-w-0 items-center gap-3 rounded-lg px-3 py-2 text-left hover:bg-base-200 focus-visible:outline-2 focus-visible:outline-primary aria-[current=page]:bg-base-300"
      >
        {direct ? (
          <Avatar user={direct.other} online={online} />
        ) : (
          <GroupAvatar id={conversation.id} title={conversationName(conversation)} />
        )}
        <span className="flex min-w-0 flex-1 flex-col text-left">
          <span className="flex items-baseline gap-2">
            <span className="flex-1 truncate font-medium">{conversationName(conversation)}</span>
            {conversation.muted && (
              <span className="shrink-0 text-base-content/60" data-testid="muted-icon" title="Muted">
                <BellOffIcon className="size-4" />
                <span className="sr-only">Muted</span>
              </span>
            )}
            {last && (
              <time className="shrink-0 text-xs opacity-70" dateTime={last.created_at}>
                {formatListTime(last.created_at)}
              </time>
            )}
          </span>
          <span className="flex items-center gap-2">
            <span className="flex-1 truncate text-sm opacity-70" data-testid="conversation-preview">
              {previewText(conversation, myId)}
            </span>
            {conversation.unread_mentions > 0 && (
              <span
                className="badge shrink-0 badge-sm font-semibold badge-primary"
                data-testid="mention-badge"
                aria-label={
                  conversation.unread_mentions === 1
                    ? 'You were mentioned'
                    : `You were mentioned ${conversation.unread_mentions} times`
                }
                title="You were mentioned"
              >
                @
              </span>
            )}
            {conversation.unread > 0 && (
              <span
                // Muted: still counted, greyed so it does not call for attention.
                className={`badge shrink-0 badge-sm font-semibold ${conversation.muted ? 'badge-ghost' : 'badge-primary'}`}
                data-testid="unread-badge"
                data-muted={conversation.muted || undefined}
                aria-label={`${conversation.unread} unread${conversation.muted ? ', muted' : ''}`}
              >
                {formatUnread(conversation.unread)}
              </span>
            )}
          </span>
        </span>
      </AppLink>
    </li>
  )
}
