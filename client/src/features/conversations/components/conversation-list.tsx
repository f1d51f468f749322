import { useEffect, useRef } from 'react'
import { parseRoute, usePathname } from '../../../app/router'
import { focusIsLost } from '../../../lib/focus'
import { useChatStore } from '../../../stores/chat-store'
import { directWith } from '../../../stores/conversation-helpers'
import { loadConversations } from '../api/conversations-api'
import { ConversationItem } from './conversation-item'

export function ConversationList() {
  const conversations = useChatStore((s) => s.conversations)
  const status = useChatStore((s) => s.conversationsStatus)
  const online = useChatStore((s) => s.online)
  const myId = useChatStore((s) => s.user?.id ?? '')
  const route = parseRoute(usePathname())
  const activeId = route.name === 'conversation' ? route.id : null
  const activePeerId = route.name === 'person' ? route.userId : null
  const openId = activeId ?? directWith(conversations, activePeerId ?? undefined)?.id ?? null
  const list = useRef<HTMLUListElement>(null)
  const lastOpen = useRef<string | null>(null)

  useEffect(() => {
    if (status === 'idle') void loadConversations()
  }, [status])

  // Back from a conversation whose controls went away (a phone shows one pane): focus returns to
  // its item in the list rather than to <body>.
  useEffect(() => {
    const left = lastOpen.current
    lastOpen.current = openId
    if (openId || !left || !focusIsLost()) return
    list.current?.querySelector<HTMLElement>(`[data-conversation-id="${CSS.escape(left)}"]`)?.focus()
  }, [openId])

  if (conversations.length === 0) {
    if (status === 'loading' || status === 'idle') {
      return (
        <div className="flex flex-col gap-3 p-4" data-testid="conversations-loading">
          {[0, 1, 2].map((i) => (
            <div key={i} className="flex items-center gap-3">
              <div className="skeleton size-11 shrink-0 rounded-full" />
              <div className="flex flex-1 flex-col gap-2">
                <div className="skeleton h-3 w-2/3" />
                <div className="skeleton h-3 w-full" />
              </div>
            </div>
          ))}
        </div>
      )
    }
    return (
      <div className="p-6 text-center text-sm text-base-content/60" data-testid="conversations-empty">
        {status === 'error' ? (
          <button type="button" className="btn btn-sm" onClick={() => void loadConversations()}>
            Try again
          </button>
        ) : (
          'No conversations yet. Search for someone to start chatting.'
        )}
      </div>
    )
  }

  return (
    <ul ref={list} className="flex flex-col gap-0.5 px-2" aria-label="Conversations">
      {conversations.map((c) => (
        <ConversationItem
          key={c.id}
          conversation={c}
          myId={myId}
          online={c.kind === 'direct' && online.has(c.other.id)}
          active={c.id === openId}
        />
      ))}
    </ul>
  )
}
