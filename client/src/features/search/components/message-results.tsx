import { formatListTime } from '../../../lib/format'
import { useChatStore } from '../../../stores/chat-store'
import { conversationName } from '../../../stores/conversation-helpers'
import { openSearchHit } from '../api/open-hit'
import type { SearchHit } from '../api/search-api'
import { useMessageSearch } from '../hooks/use-message-search'
import { HighlightedText } from './highlighted-text'

/** Messages found by the sidebar's search, under the people; a click shows one in context. */
export function MessageResults({ query }: { query: string }) {
  const { loading, failed, hits, more, loadingMore, loadMore } = useMessageSearch(query)

  return (
    <section aria-labelledby="message-results-heading" className="px-2 pb-3">
      <h2
        id="message-results-heading"
        className="px-3 pt-3 pb-1 text-xs font-semibold text-base-content/70 uppercase"
      >
        Messages
      </h2>
      {loading ? (
        <div className="flex justify-center p-4" data-testid="message-search-loading">
          <span className="loading loading-sm loading-spinner" aria-label="Searching messages" />
        </div>
      ) : hits.length === 0 ? (
        <p className="px-3 py-2 text-sm text-base-content/70" data-testid="message-search-empty">
          {failed ? 'Search failed.' : 'No messages found.'}
        </p>
      ) : (
        <ul className="flex flex-col gap-0.5" aria-label="Messages found">
          {hits.map((hit) => (
            <li key={hit.id}>
              <MessageResult hit={hit} query={query} />
            </li>
          ))}
        </ul>
      )}
      {more && !loading && (
        <button
          type="button"
          className="btn mt-1 w-full btn-ghost btn-sm"
          data-testid="message-search-more"
          disabled={loadingMore}
          onClick={() => void loadMore()}
        >
          {loadingMore ? 'Loading…' : 'More messages'}
        </button>
      )}
    </section>
  )
}

function MessageResult({ hit, query }: { hit: SearchHit; query: string }) {
  const mine = useChatStore((s) => s.user?.id === hit.sender_id)
  return (
    <button
      type="button"
      data-testid="message-result"
      data-message-id={hit.id}
      className="flex w-full min-w-0 flex-col rounded-lg px-3 py-2 text-left hover:bg-base-200 focus-visible:outline-2 focus-visible:outline-primary"
      onClick={() => void openSearchHit(hit)}
    >
      <span className="flex items-baseline gap-2">
        <span className="flex-1 truncate text-sm font-medium">{conversationName(hit.conversation)}</span>
        <time className="shrink-0 text-xs text-base-content/70" dateTime={hit.created_at}>
          {formatListTime(hit.created_at)}
        </time>
      </span>
      <span className="line-clamp-2 text-sm break-words">
        {mine && <span className="text-base-content/70">You: </span>}
        <HighlightedText text={hit.text ?? ''} query={query} />
      </span>
    </button>
  )
}
