import { useEffect, useRef, useState } from 'react'
import { DoneFooter, Modal } from '../../../components/ui/modal'
import { Spinner } from '../../../components/ui/spinner'
import { ApiError } from '../../../lib/api-client'
import { useChatStore } from '../../../stores/chat-store'
import { sessionExpired } from '../api/session'
import { sessionsApi, type SignedInSession } from '../api/sessions-api'
import { endedOthersText, endOthersQuestion, formatLastActive, formatSignedIn } from '../session-times'
import { FormAlert } from './form-alert'

type Busy = string | 'others' | null

/** A failure as the dialog tells it; a 401 means this session itself has ended: sign out. */
function failureText(err: unknown, fallback: string): string | null {
  if (err instanceof ApiError && err.status === 401) {
    sessionExpired()
    return null
  }
  return err instanceof Error && err.message ? err.message : fallback
}

/**
 * Where the account is signed in (device, address, last activity; this browser marked), with a
 * Sign out for each other session and "Sign out everywhere else" after a confirmation. A signed-out
 * session's open tabs land on the sign-in page within seconds.
 */
export function SessionsDialog({ onClose }: { onClose: () => void }) {
  const [sessions, setSessions] = useState<SignedInSession[] | null>(null)
  const [loadFailed, setLoadFailed] = useState(false)
  const [busy, setBusy] = useState<Busy>(null)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const pushToast = useChatStore((s) => s.pushToast)
  const heading = useRef<HTMLHeadingElement>(null)
  const keep = useRef<HTMLButtonElement>(null)

  const [loads, setLoads] = useState(0) // counts up to list the sessions again

  useEffect(() => {
    let live = true
    sessionsApi.list().then(
      ({ sessions: listed }) => {
        if (!live) return
        setSessions(listed)
        setLoadFailed(false)
      },
      (err: unknown) => {
        if (live && failureText(err, '') !== null) setLoadFailed(true)
      },
    )
    return () => {
      live = false
    }
  }, [loads])

  useEffect(() => {
    if (confirming) keep.current?.focus()
  }, [confirming])

  async function act(which: Busy, run: () => Promise<void>, fallback: string) {
    setBusy(which)
    setError(null)
    try {
      await run()
    } catch (err) {
      setError(failureText(err, fallback))
    } finally {
      setBusy(null)
      setConfirming(false)
      setLoads((n) => n + 1)
      heading.current?.focus() // the button that had focus may be gone
    }
  }

  const endOne = (session: SignedInSession) =>
    act(
      session.id,
      async () => {
        try {
          await sessionsApi.end(session.id)
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 404)) throw err // 404: ended already
        }
        pushToast(`Signed out ${session.device}.`, 'info')
      },
      'Cannot sign out that session.',
    )

  const endOthers = () =>
    act(
      'others',
      async () => pushToast(endedOthersText((await sessionsApi.endOthers()).ended), 'info'),
      'Cannot sign out the other sessions.',
    )

  const others = sessions?.filter((s) => !s.current).length ?? 0
  return (
    <Modal labelledBy="sessions-title" onClose={onClose} testId="sessions-dialog">
      <h2 id="sessions-title" ref={heading} tabIndex={-1} className="mb-1 text-lg font-semibold">
        Signed-in devices
      </h2>
      <p className="mb-4 text-sm text-base-content/70">
        Where your account is signed in. Sign out any session you do not recognise.
      </p>
      {!sessions ? (
        loadFailed ? (
          <FormAlert message="Cannot load your sessions. Check your connection and try again." />
        ) : (
          <Spinner label="Loading sessions" />
        )
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Signed-in sessions" data-testid="session-list">
          {sessions.map((session) => (
            <SessionItem
              key={session.id}
              session={session}
              busy={busy === session.id}
              onEnd={busy ? undefined : () => void endOne(session)}
            />
          ))}
        </ul>
      )}
      <div className="mt-3">
        <FormAlert message={error} />
      </div>
      {others > 0 &&
        (confirming ? (
          <div
            role="group"
            aria-labelledby="end-others-question"
            className="mt-3 flex flex-col gap-2 rounded-box bg-base-200 p-3"
            data-testid="end-others-confirm"
          >
            <p id="end-others-question" className="text-sm">
              {endOthersQuestion(others)}
            </p>
            <div className="flex flex-wrap justify-end gap-2">
              <button
                ref={keep}
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => setConfirming(false)}
              >
                Cancel
              </button>
              <button
                type="button"
                className="btn btn-sm btn-error"
                data-testid="confirm-end-others"
                disabled={busy !== null}
                onClick={() => void endOthers()}
              >
                {busy === 'others' && (
                  <span className="loading loading-xs loading-spinner" aria-hidden="true" />
                )}
                Sign out everywhere else
              </button>
            </div>
          </div>
        ) : (
          <button
            type="button"
            className="btn mt-3 w-full btn-outline btn-sm text-error-ink"
            data-testid="end-others"
            disabled={busy !== null}
            onClick={() => setConfirming(true)}
          >
            Sign out everywhere else
          </button>
        ))}
      <DoneFooter testId="sessions-close" onClose={onClose} />
    </Modal>
  )
}

interface SessionItemProps {
  session: SignedInSession
  busy: boolean
  /** Absent for this browser's own session (Log out is in the menu) and while another acts. */
  onEnd?: () => void
}

function SessionItem({ session, busy, onEnd }: SessionItemProps) {
  return (
    <li
      className="flex items-center gap-3 rounded-box border border-base-300 p-3"
      data-testid="session-item"
      data-current={session.current ? 'true' : 'false'}
    >
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <span className="flex flex-wrap items-center gap-2 font-medium">
          <span className="break-words" data-testid="session-device">
            {session.device}
          </span>
          {session.current && (
            <span className="badge badge-sm badge-primary" data-testid="current-session">
              This device
            </span>
          )}
        </span>
        <span className="text-sm break-all text-base-content/70">{session.address ?? 'Unknown address'}</span>
        <span className="text-xs text-base-content/70">
          {session.current ? 'Active now' : formatLastActive(session.last_active_at)} ·{' '}
          {formatSignedIn(session.started_at)}
        </span>
      </div>
      {!session.current && (
        <button
          type="button"
          className="btn shrink-0 btn-sm"
          data-testid="end-session"
          aria-label={`Sign out ${session.device}`}
          disabled={!onEnd}
          onClick={onEnd}
        >
          {busy && <span className="loading loading-xs loading-spinner" aria-hidden="true" />}
          Sign out
        </button>
      )}
    </li>
  )
}
