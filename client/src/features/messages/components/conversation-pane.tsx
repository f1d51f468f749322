import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import { Avatar } from '../../../components/ui/avatar'
import { focusIsLost } from '../../../lib/focus'
import { messageText } from '../../../lib/format'
import { personIn, systemNote } from '../../../lib/group-text'
import { retryMessage, sendMessage } from '../../../realtime/send-message'
import { typingEnded, userTyped } from '../../../realtime/typing'
import { useChatStore } from '../../../stores/chat-store'
import { canWrite } from '../../../stores/conversation-helpers'
import { highestSeq } from '../../../stores/merge'
import { quoteOf } from '../../../stores/message-changes'
import { selectConversation, selectConversationWith } from '../../../stores/selectors'
import type { Conversation, DirectConversation, Message, User } from '../../../types/api'
import { MuteButton } from '../../conversations/components/mute-button'
import { GroupHeading } from '../../groups/components/group-heading'
import { BlockButton } from '../../users/components/block-button'
import { PeerStatus } from '../../users/components/peer-status'
import { loadLatest, loadOlder } from '../api/messages-api'
import { useArrivals } from '../hooks/use-arrivals'
import { useMessageActions } from '../hooks/use-message-actions'
import { useReadReceipts } from '../hooks/use-read-receipts'
import { useThread } from '../hooks/use-thread'
import { useUnreadDivider } from '../hooks/use-unread-divider'
import { ArrivalAnnouncer } from './arrival-announcer'
import { DeleteMessageDialog } from './delete-message-dialog'
import { LeftNotice } from './left-notice'
import { MessageHandlersContext } from './message-handlers'
import { MessageComposer } from './message-composer'
import { MessageList } from './message-list'
import { TypingLine } from './typing-line'
import { BackIcon } from '../../../components/ui/icons'

interface ConversationPaneProps {
  /** The conversation shown… */
  conversationId?: string
  /** …or a draft to someone without one yet (it becomes theirs with the first message). */
  draftTo?: User
  myId: string
  onBack: () => void
}

export function ConversationPane({ conversationId, draftTo, myId, onBack }: ConversationPaneProps) {
  const byId = useChatStore(selectConversation(conversationId))
  const byPeer = useChatStore(selectConversationWith(draftTo?.id))
  const conversation = byId ?? byPeer
  const group = conversation?.kind === 'group' ? conversation : null
  const direct = conversation?.kind === 'direct' ? conversation : undefined
  const peer = direct?.other ?? draftTo ?? null
  const id = conversation?.id ?? null
  const thread = useThread(id, peer?.id ?? null)
  const writable = canWrite(conversation)
  const { cursors } = thread
  const dividerAfterSeq = useUnreadDivider(cursors)
  const [atBottom, setAtBottom] = useState(true)
  useReadReceipts(conversation?.left ? null : id, highestSeq(thread.messages), atBottom)
  const onLoadOlder = useCallback(() => {
    if (id) void loadOlder(id)
  }, [id])
  const arrivals = useArrivals(id, myId)
  const heading = useRef<HTMLHeadingElement>(null)
  const nameOf = (userId: string) =>
    userId === myId ? 'yourself' : (personIn(conversation, userId)?.full_name ?? 'Someone')
  const acts = useMessageActions(id, thread.messages, thread.actions, myId, nameOf)

  // Opened from a control that went away (a search result, the list hidden on a phone): focus
  // lands on the conversation's name instead of <body>, so the keyboard goes on from here.
  useEffect(() => {
    if (focusIsLost()) heading.current?.focus()
  }, [])

  const describe = (m: Message) =>
    m.kind === 'system'
      ? systemNote(m, conversation, myId)
      : `${personIn(conversation, m.sender_id)?.full_name ?? 'Someone'}: ${messageText(m.text)}`

  function send(text: string, files: File[]) {
    const reply = acts.mode?.kind === 'reply' ? quoteOf(acts.mode.message) : undefined
    if (group) sendMessage({ conversationId: group.id }, text, reply, files)
    else if (peer) sendMessage({ peer }, text, reply, files)
    if (id) typingEnded(id)
    acts.cancelMode()
  }

  return (
    <section
      className="flex h-full min-w-0 flex-1 flex-col"
      aria-label={group ? `Group ${group.title}` : `Conversation with ${peer?.full_name ?? ''}`}
    >
      <header className="flex items-center gap-3 border-b border-base-300 bg-base-100 px-3 py-2">
        <button
          type="button"
          className="btn btn-circle btn-ghost btn-sm md:hidden"
          data-testid="back-button"
          aria-label="Back to conversations"
          onClick={onBack}
        >
          <BackIcon />
        </button>
        {group ? (
          <GroupHeading group={group} heading={heading} myId={myId} />
        ) : (
          peer && <DirectHeading peer={peer} conversation={direct} heading={heading} />
        )}
      </header>
      <ArrivalAnnouncer arrivals={arrivals} describe={describe} />
      <MessageHandlersContext value={acts.handlers}>
        <MessageList
          threadKey={group ? `c:${group.id}` : `u:${peer?.id ?? ''}`}
          myId={myId}
          conversation={conversation}
          messages={thread.messages}
          pending={thread.pending}
          receipts={cursors}
          dividerAfterSeq={dividerAfterSeq}
          onAtBottomChange={setAtBottom}
          loading={thread.status === 'loading' || thread.status === 'idle'}
          nextBefore={thread.nextBefore}
          loadingOlder={thread.loadingOlder}
          onLoadOlder={onLoadOlder}
          onRetry={retryMessage}
          actions={thread.actions}
        />
      </MessageHandlersContext>
      {acts.deleting && (
        <DeleteMessageDialog
          message={acts.deleting}
          ownerName={acts.deleting.sender_id === myId ? null : nameOf(acts.deleting.sender_id)}
          onClose={acts.closeDelete}
        />
      )}
      {thread.status === 'error' && id && (
        <div className="flex justify-center pb-2">
          <button type="button" className="btn btn-sm" onClick={() => void loadLatest(id)}>
            Try again
          </button>
        </div>
      )}
      <TypingLine conversation={conversation} myId={myId} />
      {conversation?.left ? (
        <LeftNotice conversation={conversation} messages={thread.messages} myId={myId} />
      ) : direct?.blocked ? (
        <p
          className="border-t border-base-300 bg-base-200 p-4 text-center text-sm text-base-content/70"
          data-testid="blocked-notice"
          role="status"
        >
          You blocked this user. Unblock to send messages.
        </p>
      ) : (
        <MessageComposer
          key={group ? group.id : peer?.id}
          onSend={send}
          // Files are uploaded to a conversation: a first message to someone makes it.
          canAttach={!!id && writable}
          // A draft has no conversation to type in yet: the first message makes it.
          onTyping={id && writable ? () => userTyped(id) : undefined}
          mode={acts.mode}
          onCancelMode={acts.cancelMode}
          onSave={acts.save}
          onEditLast={id ? acts.editLast : undefined}
          mentionable={mentionable(conversation, myId)}
        />
      )}
    </section>
  )
}

interface DirectHeadingProps {
  peer: User
  conversation: DirectConversation | undefined
  heading: RefObject<HTMLHeadingElement | null>
}

function DirectHeading({ peer, conversation, heading }: DirectHeadingProps) {
  const online = useChatStore((s) => s.online.has(peer.id))
  return (
    <>
      <Avatar user={peer} size="sm" online={online} />
      <div className="flex min-w-0 flex-col">
        <h2 ref={heading} tabIndex={-1} className="truncate rounded font-semibold" data-testid="peer-name">
          {peer.full_name}
        </h2>
        <span className="flex gap-1 text-xs text-base-content/70">
          <PeerStatus conversation={conversation} />
          <span className="truncate">@{peer.username}</span>
        </span>
      </div>
      {/* undefined: no conversation yet, so nothing to mute or block and no presence shared. */}
      {conversation && (
        <div className="ml-auto flex shrink-0 items-center gap-1">
          <MuteButton conversationId={conversation.id} muted={conversation.muted} />
          <BlockButton peer={peer} blocked={conversation.blocked} />
        </div>
      )}
    </>
  )
}

/** Whom "@" offers in a group: the other members, and everyone at once for its owners and admins. */
function mentionable(c: Conversation | undefined, myId: string) {
  if (c?.kind !== 'group') return undefined
  const others = c.members.filter((m) => m.user.id !== myId).map((m) => m.user)
  const manager = c.my_role === 'owner' || c.my_role === 'admin'
  // The server's EVERYONE_MAX_MEMBERS: @all in bigger groups would page too many people.
  return manager && c.members.length <= 50
    ? [...others, { username: 'all', full_name: 'Everyone in the group' }]
    : others
}
