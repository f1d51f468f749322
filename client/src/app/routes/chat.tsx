import { useState } from 'react'
import { Avatar } from '../../components/ui/avatar'
import { AccountMenu } from '../../features/auth/components/account-menu'
import { ConversationList } from '../../features/conversations/components/conversation-list'
import { OpenConversation } from '../../features/conversations/components/open-conversation'
import { NewGroupButton } from '../../features/groups/components/new-group'
import { useUnreadTitle } from '../../features/conversations/hooks/use-unread-title'
import { MessageResults } from '../../features/search/components/message-results'
import { SearchBox, SearchResults } from '../../features/users/components/user-search'
import { useChatStore } from '../../stores/chat-store'
import { parseRoute, usePathname } from '../router'

/** Sidebar + open conversation; below md only one of them shows (the URL says which). */
export function ChatRoute() {
  const user = useChatStore((s) => s.user)
  const route = parseRoute(usePathname())
  const opened = route.name === 'conversation' || route.name === 'person'
  const [query, setQuery] = useState('')
  useUnreadTitle()
  if (!user) return null

  return (
    <div className="flex h-full overflow-hidden bg-base-100">
      <aside
        className={`${opened ? 'hidden md:flex' : 'flex'} w-full flex-col border-base-300 md:w-80 md:border-r lg:w-96`}
        aria-label="Conversations"
      >
        <div className="flex items-center gap-3 px-3 py-3">
          <Avatar user={user} size="sm" />
          <div className="flex min-w-0 flex-1 flex-col">
            <span className="truncate font-semibold" data-testid="current-user">
              {user.full_name}
            </span>
            <span className="truncate text-xs text-base-content/60">@{user.username}</span>
          </div>
          <AccountMenu />
        </div>
        <div className="flex items-center gap-2 px-3 pb-3">
          <SearchBox query={query} onQueryChange={setQuery} />
          <NewGroupButton />
        </div>
        <div className="flex-1 overflow-y-auto">
          {query.trim() ? (
            <>
              <SearchResults query={query} onQueryChange={setQuery} />
              <MessageResults query={query} />
            </>
          ) : (
            <ConversationList />
          )}
        </div>
      </aside>
      <main className={`${opened ? 'flex' : 'hidden md:flex'} min-w-0 flex-1 flex-col`}>
        <OpenConversation route={route} myId={user.id} />
      </main>
    </div>
  )
}
