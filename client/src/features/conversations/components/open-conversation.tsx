import { goBackToList, paths, type Route } from '../../../app/router'
import { AppLink } from '../../../components/ui/app-link'
import { ConversationPane } from '../../messages/components/conversation-pane'
import { useRouteTarget } from '../hooks/use-route-target'

interface OpenConversationProps {
  route: Route
  myId: string
}

/** The main panel: the conversation the URL names, a draft to someone new, or why neither shows. */
export function OpenConversation({ route, myId }: OpenConversationProps) {
  const target = useRouteTarget(route)
  switch (target.kind) {
    case 'conversation': {
      const { conversation } = target
      // A draft that became a conversation stays mounted: both are keyed by the other member.
      const key = conversation.kind === 'direct' ? `u:${conversation.other.id}` : `c:${conversation.id}`
      return <ConversationPane key={key} conversationId={conversation.id} myId={myId} onBack={goBackToList} />
    }
    case 'draft':
      return (
        <ConversationPane
          key={`u:${target.user.id}`}
          draftTo={target.user}
          myId={myId}
          onBack={goBackToList}
        />
      )
    case 'loading':
      return (
        <div className="flex flex-1 items-center justify-center" data-testid="conversation-loading">
          <span className="loading loading-lg loading-spinner" aria-label="Loading conversation" />
        </div>
      )
    case 'not_found':
    case 'error':
      return (
        <Notice testId={target.kind === 'error' ? 'conversation-error' : 'conversation-not-found'}>
          <h2 className="text-lg font-semibold">
            {target.kind === 'error'
              ? 'This conversation could not be loaded.'
              : target.what === 'person'
                ? 'Person not found'
                : 'Conversation not found'}
          </h2>
          {target.kind === 'not_found' && (
            <p>It does not exist, or it is not one of yours. Check the link, or pick a conversation.</p>
          )}
          <div className="flex gap-2">
            {target.kind === 'error' && (
              <button type="button" className="btn btn-sm btn-primary" onClick={target.retry}>
                Try again
              </button>
            )}
            <AppLink to={paths.list} className="btn btn-sm" data-testid="back-to-list">
              Back to conversations
            </AppLink>
          </div>
        </Notice>
      )
    case 'none':
      return (
        <Notice testId="no-conversation">
          <img src="/favicon.svg" alt="" className="size-12 opacity-60" />
          <p>Select a conversation or search for someone to start chatting.</p>
        </Notice>
      )
  }
}

function Notice({ testId, children }: { testId: string; children: React.ReactNode }) {
  return (
    <div
      className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center text-base-content/70"
      data-testid={testId}
    >
      {children}
    </div>
  )
}
