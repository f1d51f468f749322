import { useEffect, useLayoutEffect, useRef } from 'react'
import type { PendingAction } from '../../../stores/message-changes'
import type { Receipts } from '../../../stores/message-state'
import type { PendingMessage } from '../../../stores/messages-slice'
import type { Conversation, Message } from '../../../types/api'
import { MessageRows } from './message-rows'

interface MessageListProps {
  /** Changes when another conversation opens. */
  threadKey: string
  myId: string
  /** Undefined for a draft. */
  conversation: Conversation | undefined
  messages: Message[]
  pending: PendingMessage[]
  receipts: Receipts | undefined
  dividerAfterSeq: number | null
  loading: boolean
  nextBefore: number | null
  loadingOlder: boolean
  onLoadOlder: () => void
  onRetry: (clientId: string) => void
  /** Our edits, deletions and reactions here that wait for the server. */
  actions: readonly PendingAction[]
  /** Whether the newest message is in view (read receipts wait for it). */
  onAtBottomChange: (atBottom: boolean) => void
}

const NEAR_EDGE_PX = 80
const DIVIDER_MARGIN_PX = 16

interface Snapshot {
  threadKey: string | null
  first: string | null
  last: string | null
  height: number
  top: number
  nearBottom: boolean
}

export function MessageList(props: MessageListProps) {
  const { threadKey, myId, messages, pending, loading, nextBefore, loadingOlder, onLoadOlder } = props
  const scrollRef = useRef<HTMLDivElement>(null)
  const snapshot = useRef<Snapshot>({
    threadKey: null,
    first: null,
    last: null,
    height: 0,
    top: 0,
    nearBottom: true,
  })

  const keys = [...messages.map((m) => m.id), ...pending.map((p) => p.clientId)]
  const first = keys[0] ?? null
  const last = keys[keys.length - 1] ?? null
  const lastIsOwn = pending.length > 0 || messages[messages.length - 1]?.sender_id === myId
  const canLoadOlder = nextBefore !== null && !loadingOlder && !loading

  function remember(el: HTMLDivElement) {
    const nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_EDGE_PX
    snapshot.current = { threadKey, first, last, height: el.scrollHeight, top: el.scrollTop, nearBottom }
    props.onAtBottomChange(nearBottom)
  }

  // Before paint: newest in view on open and on new messages; same view when older ones are prepended.
  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const prev = snapshot.current
    if (prev.threadKey !== threadKey || prev.last === null) {
      // On open: the first unread message at the top if there is one, else the newest at the bottom.
      const divider = el.querySelector<HTMLElement>('[data-testid=new-messages-divider]')
      el.scrollTop = divider ? divider.offsetTop - DIVIDER_MARGIN_PX : el.scrollHeight
    } else if (first !== prev.first && last === prev.last) {
      el.scrollTop = el.scrollHeight - prev.height + prev.top
    } else if (last !== prev.last && (prev.nearBottom || lastIsOwn)) {
      el.scrollTop = el.scrollHeight
    } else if (prev.nearBottom && el.scrollHeight > prev.height) {
      // Grown at the bottom (a reaction, an edit): the newest stays in view.
      el.scrollTop = el.scrollHeight
    }
    remember(el)
  })

  // A first page that does not fill the pane cannot be scrolled up: fetch the next one right away.
  useEffect(() => {
    const el = scrollRef.current
    if (el && canLoadOlder && el.scrollHeight <= el.clientHeight) onLoadOlder()
  }, [canLoadOlder, first, onLoadOlder])

  function onScroll() {
    const el = scrollRef.current
    if (!el) return
    remember(el)
    if (el.scrollTop < NEAR_EDGE_PX && canLoadOlder) onLoadOlder()
  }

  return (
    <div
      ref={scrollRef}
      onScroll={onScroll}
      data-testid="message-list"
      className="relative flex-1 overflow-y-auto overscroll-contain px-3 py-4 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-primary sm:px-6"
      // A region the keyboard can scroll; not role="log", whose implied live region would read out
      // every page of history loaded above (ArrivalAnnouncer reads out new messages instead).
      role="region"
      aria-label="Messages"
      tabIndex={0}
    >
      {/* Few messages sit at the bottom, next to the input, as in any chat. */}
      <div className="flex min-h-full flex-col justify-end">
        {loadingOlder && (
          <div className="flex justify-center py-2" data-testid="loading-older">
            <span className="loading loading-sm loading-spinner" />
          </div>
        )}
        {!loading && nextBefore === null && messages.length > 0 && (
          <p className="py-2 text-center text-xs text-base-content/70">Start of the conversation</p>
        )}
        {loading && keys.length === 0 ? (
          <MessagesSkeleton />
        ) : keys.length === 0 ? (
          <p className="py-10 text-center text-sm text-base-content/60" data-testid="messages-empty">
            No messages yet. Say hello!
          </p>
        ) : null}
        <MessageRows
          myId={myId}
          conversation={props.conversation}
          messages={messages}
          pending={pending}
          receipts={props.receipts}
          dividerAfterSeq={props.dividerAfterSeq}
          onRetry={props.onRetry}
          actions={props.actions}
        />
      </div>
    </div>
  )
}

function MessagesSkeleton() {
  return (
    <div className="flex flex-col gap-4" data-testid="messages-loading" aria-label="Loading messages">
      {['w-40', 'w-56', 'w-32', 'w-64', 'w-44'].map((w, i) => (
        <div key={w} className={`flex ${i % 2 ? 'justify-end' : 'justify-start'}`}>
          <div className={`skeleton h-10 ${w} max-w-[70%] rounded-2xl`} />
        </div>
      ))}
    </div>
  )
}
