import { useEffect, useId, useRef, useState } from 'react'
import { isAbortError } from '../../../lib/api-client'
import { deliveryLabel, type MessageState } from '../../../stores/message-state'
import type { Readers, User } from '../../../types/api'
import { fetchReaders } from '../api/messages-api'
import { DeliveryStatus } from './delivery-status'

interface ReadersButtonProps {
  conversationId: string
  seq: number
  state: Exclude<MessageState, 'failed' | 'pending'>
}

type Loaded = { readers: Readers } | { error: string } | null

/**
 * The ticks of one's own group message as a button: it shows, under the message, who has read it
 * and who has only received it — asked of the server each time it opens (never pushed per member).
 * The button, Escape on it, or a click elsewhere closes it.
 */
export function ReadersButton({ conversationId, seq, state }: ReadersButtonProps) {
  const [open, setOpen] = useState(false)
  const [loaded, setLoaded] = useState<Loaded>(null)
  const box = useRef<HTMLSpanElement>(null)
  const panelId = useId()

  useEffect(() => {
    if (!open) return
    let current = true
    fetchReaders(conversationId, seq).then(
      (readers) => current && setLoaded({ readers }),
      (err: unknown) => {
        if (current && !isAbortError(err)) {
          setLoaded({ error: err instanceof Error ? err.message : 'Cannot load who has read it.' })
        }
      },
    )
    const outside = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', outside)
    return () => {
      current = false
      document.removeEventListener('pointerdown', outside)
    }
  }, [open, conversationId, seq])

  const label = deliveryLabel(state, true)
  return (
    <span ref={box} className="contents">
      <button
        type="button"
        className="btn btn-ghost btn-xs size-6 min-h-6 p-0"
        data-testid="readers-button"
        aria-label={`${label}: who has read it`}
        title={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => {
          setLoaded(null)
          setOpen((o) => !o)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) {
            e.preventDefault()
            setOpen(false)
          }
        }}
      >
        <DeliveryStatus state={state} group decorative />
      </button>
      {open && (
        <span
          id={panelId}
          role="group"
          aria-label="Message info"
          data-testid="readers-panel"
          aria-live="polite"
          className="mt-1 flex basis-full flex-col gap-1 rounded-box border border-base-300 bg-base-100 p-2 text-left text-xs text-base-content"
        >
          {loaded === null ? (
            <span className="flex items-center gap-2" data-testid="readers-loading">
              <span className="loading loading-xs loading-spinner" aria-hidden="true" />
              Loading…
            </span>
          ) : 'error' in loaded ? (
            <span className="text-error-ink">{loaded.error}</span>
          ) : (
            <>
              <ReaderList testId="readers-read" title="Read by" users={loaded.readers.read} />
              <ReaderList testId="readers-delivered" title="Delivered to" users={loaded.readers.delivered} />
              {loaded.readers.read.length + loaded.readers.delivered.length === 0 && (
                <span data-testid="readers-none">Not delivered to anyone yet.</span>
              )}
            </>
          )}
        </span>
      )}
    </span>
  )
}

function ReaderList({ testId, title, users }: { testId: string; title: string; users: User[] }) {
  if (users.length === 0) return null
  return (
    <span className="flex flex-col" data-testid={testId}>
      <span className="font-semibold">{title}</span>
      <span>{users.map((u) => u.full_name).join(', ')}</span>
    </span>
  )
}
