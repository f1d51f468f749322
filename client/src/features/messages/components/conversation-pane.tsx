import { useCallback, useEffect, useRef, useState } from 'react'
import { Avatar } from '../../../components/ui/avatar'
import { focusIsLost } from '../../../lib/focus'
import { retryMessage, sendMessage } from '../../../realtime/send-message'
import { useChatStore } from '../../../stores/chat-store'
import { highestSeq } from '../../../stores/merge'
import { selectConversationWith } from '../../../stores/selectors'
import type { User } from '../../../types/api'
import { BlockButton } from '../../users/components/block-button'
import { PeerStatus } from '../../users/components/peer-status'
import { loadLatest, loadOlder } from '../api/messages-api'
import { useArrivals } from '../hooks/use-arrivals'
import { useReadReceipts } from '../hooks/use-read-receipts'
import { useThread } from '../hooks/use-thread'
import { useUnreadDivider } from '../hooks/use-unread-divider'
import { ArrivalAnnouncer } from './arrival-announcer'
import { MessageComposer } from './message-composer'
import { MessageList } from './message-list'

interface ConversationPaneProps {
  peer: User
  myId: string
  onBack: () => void
}

export function ConversationPane({ peer, myId, onBack }: ConversationPaneProps) {
  const thread = useThread(peer.id)
  const online = useChatStore((s) => s.online.has(peer.id))
  /** undefined: no conversation yet, so nothing to block and no presence shared. */
  const conversation = useChatStore(selectConversationWith(peer.id))
  const blocked = conversation?.blocked
  const { conversationId, cursors } = thread
  const dividerAfterSeq = useUnreadDivider(cursors)
  const [atBottom, setAtBottom] = useState(true)
  useReadReceipts(conversationId, highestSeq(thread.messages), atBottom)
  const onLoadOlder = useCallback(() => {
    if (conversationId) void loadOlder(conversationId)
  }, [conversationId])
  const arrivals = useArrivals(conversationId, myId)
  const heading = useRef<HTMLHeadingElement>(null)

  // Opened from a control that went away (a search result, the list hidden on a phone): focus
  // lands on the conversation's name instead of <body>, so the keyboard goes on from here.
  useEffect(() => {
    if (focusIsLost()) heading.current?.focus()
  }, [])

  return (
    <section
      className="flex h-full min-w-0 flex-1 flex-col"
      aria-label={`Conversation with ${peer.full_name}`}
    >
      <header className="flex items-center gap-3 border-b border-base-300 bg-base-100 px-3 py-2">
        <button
          type="button"
          className="btn btn-circle btn-ghost btn-sm md:hidden"
          data-testid="back-button"
          aria-label="Back to conversations"
          onClick={onBack}
        >
          <svg
            className="size-5"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <path d="M15 18l-6-6 6-6" />
          </svg>
        </button>
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
        {blocked !== undefined && <BlockButton peer={peer} blocked={blocked} />}
      </header>
      <ArrivalAnnouncer sender={peer.full_name} arrivals={arrivals} />
      <MessageList
        threadKey={peer.id}
        myId={myId}
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
      />
      {thread.status === 'error' && conversationId && (
        <div className="flex justify-center pb-2">
          <button type="button" className="btn btn-sm" onClick={() => void loadLatest(conversationId)}>
            Try again
          </button>
        </div>
      )}
      {blocked ? (
        <p
          className="border-t border-base-300 bg-base-200 p-4 text-center text-sm text-base-content/70"
          data-testid="blocked-notice"
          role="status"
        >
          You blocked this user. Unblock to send messages.
        </p>
      ) : (
        <MessageComposer key={peer.id} onSend={(text) => sendMessage(peer, text)} />
      )}
    </section>
  )
}
