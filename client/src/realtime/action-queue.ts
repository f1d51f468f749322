import { COME_BACK_LATER, FINAL_ACTION_ERRORS, OUTBOX_MAX_ATTEMPTS } from '../config/constants'
import { backoffDelay } from '../lib/backoff'
import { useChatStore } from '../stores/chat-store'
import type { NewAction, PendingAction } from '../stores/message-changes'
import type { MessageAck } from '../types/api'

/** How the queue reaches the server: the socket in the app, a fake in tests. */
export interface ActionTransport {
  isConnected: () => boolean
  /** Resolves with the ack; rejects when none comes (timeout, disconnect). */
  send: (action: PendingAction) => Promise<MessageAck>
}

export interface ActionQueue {
  /** Show the change at once (pending), then send it when the socket is up. */
  enqueue: (action: NewAction) => void
  /** The socket (re)connected: send what waits, now. */
  flush: () => void
}

const WHAT: Record<PendingAction['kind'], string> = {
  edit: 'Not edited',
  delete: 'Not deleted',
  react: 'Reaction not saved',
}

/** The actions in the order they were done. */
export function actionsInOrder(actions: Record<string, PendingAction>): PendingAction[] {
  return Object.values(actions).sort((a, b) => a.order - b.order)
}

/**
 * Edits, deletions and reactions, one in flight at a time, in the order done, each sent until the
 * server answers it (all three are idempotent, so a resend after a lost ack changes nothing more).
 * An overloaded server (`server_busy`, `unavailable`) keeps them waiting; a refusal undoes the
 * change on screen and says why.
 */
export function createActionQueue(
  transport: ActionTransport,
  random: () => number = Math.random,
): ActionQueue {
  let inFlight: string | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  /** action id → earliest time of its next attempt. */
  const notBefore = new Map<string, number>()
  const busyAnswers = new Map<string, number>()

  function refused(action: PendingAction, reason: string): void {
    notBefore.delete(action.id)
    busyAnswers.delete(action.id)
    useChatStore.getState().actionSettled(action.id)
    useChatStore.getState().pushToast(`${WHAT[action.kind]}: ${reason}`)
  }

  function settle(action: PendingAction, userId: string, ack: MessageAck | null): void {
    inFlight = null
    const state = useChatStore.getState()
    if (state.user?.id !== userId || !state.actions[action.id]) return pump()
    if (ack?.ok) {
      notBefore.delete(action.id)
      busyAnswers.delete(action.id)
      state.actionSettled(action.id, ack.message)
    } else if (ack && COME_BACK_LATER.has(ack.error)) {
      // Nothing was done and the server asked to be tried later: no attempt used up.
      const times = (busyAnswers.get(action.id) ?? 0) + 1
      busyAnswers.set(action.id, times)
      const wait = Math.max(backoffDelay(times, random), (ack.retry_after ?? 0) * 1000)
      notBefore.set(action.id, Date.now() + wait)
    } else if (ack && FINAL_ACTION_ERRORS.has(ack.error)) {
      refused(action, ack.message || ack.error)
    } else if (ack || transport.isConnected()) {
      state.actionAttempted(action.id)
      const attempts = useChatStore.getState().actions[action.id]?.attempts ?? 0
      const reason = ack ? ack.message || ack.error : 'the server did not answer.'
      if (attempts >= OUTBOX_MAX_ATTEMPTS) refused(action, reason)
      else {
        const wait = Math.max(backoffDelay(attempts, random), (ack?.retry_after ?? 0) * 1000)
        notBefore.set(action.id, Date.now() + wait)
      }
    }
    // No ack because the socket went down is no attempt: it goes again on reconnect.
    pump()
  }

  function pump(): void {
    clearTimeout(timer)
    timer = undefined
    const state = useChatStore.getState()
    if (inFlight || !state.user || !transport.isConnected()) return
    const next = actionsInOrder(state.actions)[0]
    if (!next) return
    const wait = (notBefore.get(next.id) ?? 0) - Date.now()
    if (wait > 0) {
      timer = setTimeout(pump, wait)
      return
    }
    const userId = state.user.id
    inFlight = next.id
    transport.send(next).then(
      (ack) => settle(next, userId, ack),
      () => settle(next, userId, null),
    )
  }

  return {
    enqueue: (action) => {
      if (!useChatStore.getState().user) return
      useChatStore.getState().actionQueued(action)
      pump()
    },
    flush: () => {
      notBefore.clear()
      pump()
    },
  }
}
