import { useEffect, useState } from 'react'
import { formatLastSeen } from '../../../lib/last-seen'
import { useChatStore } from '../../../stores/chat-store'
import type { DirectConversation } from '../../../types/api'

interface PeerStatusProps {
  /** Undefined: no conversation yet, so no presence is shared and none is shown. */
  conversation: DirectConversation | undefined
}

/**
 * "Online", "Last seen …", or nothing: presence is shared between contacts only, so for anyone else
 * (a search result, a draft, a block either way) the client does not know — and says nothing.
 */
export function PeerStatus({ conversation }: PeerStatusProps) {
  const peerId = conversation?.other.id
  const online = useChatStore((s) => (peerId ? s.online.has(peerId) : false))
  const lastSeen = useChatStore((s) => (peerId ? s.lastSeen[peerId] : undefined))
  const connected = useChatStore((s) => s.connection === 'online')
  useMinuteTicks()
  if (!conversation?.presence_shared || !connected) return null
  const seen = latest(lastSeen, conversation.other.last_seen_at)
  const text = online ? 'Online' : seen ? formatLastSeen(seen) : 'Offline'
  return (
    <>
      <span
        className={online ? 'text-success-ink' : 'text-base-content/70'}
        data-testid="peer-status"
        data-online={online ? 'true' : 'false'}
      >
        {text}
      </span>
      <span aria-hidden="true">·</span>
    </>
  )
}

function latest(a: string | undefined, b: string | null): string | null {
  if (!a) return b
  if (!b) return a
  return Date.parse(a) > Date.parse(b) ? a : b
}

/** Re-render every half minute so "5 min ago" keeps counting. */
function useMinuteTicks(): void {
  const [, setTick] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 30_000)
    return () => clearInterval(timer)
  }, [])
}
