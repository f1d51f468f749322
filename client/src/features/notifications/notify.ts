// New messages pushed while the tab is hidden: a browser notification and a chime, as the user's
// settings and the conversation's mute allow (alert-rules.ts decides). Clicking a notification
// brings the window forward on that conversation.
import { navigate, paths } from '../../app/router'
import { notificationAccess } from '../../lib/browser-notifications'
import { useChatStore } from '../../stores/chat-store'
import type { Message } from '../../types/api'
import { alertContent, claimAlert, planAlert, type AlertContent } from './alert-rules'
import { playChime } from './chime'

/** Shown and not yet closed: closed when the user comes back to the tab. */
const shown = new Set<Notification>()

function storage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

/**
 * How long a hidden tab waits before alerting: a visible tab of the same user (another window) that
 * got the message too claims it meanwhile, and nothing is raised for what the user is looking at.
 */
export const HIDDEN_TAB_WAIT_MS = 250

/** Call for a message pushed by the server (after the store took it in). */
export function alertNewMessage(message: Message): void {
  if (document.visibilityState === 'hidden') {
    setTimeout(() => raise(message), HIDDEN_TAB_WAIT_MS)
    return
  }
  const store = storage()
  if (store) claimAlert(store, message.id) // seen here: no other tab alerts for it
}

function raise(message: Message): void {
  const state = useChatStore.getState()
  const conversation = state.conversations.find((c) => c.id === message.conversation_id)
  const plan = planAlert({
    message,
    myId: state.user?.id ?? null,
    conversation,
    settings: state.settings,
    hidden: document.visibilityState === 'hidden',
    access: notificationAccess(),
  })
  if (!plan.notify && !plan.sound) return
  const store = storage()
  if (store && !claimAlert(store, message.id)) return
  if (plan.sound) playChime()
  if (plan.notify) show(alertContent(message, conversation), message.conversation_id)
}

function show({ title, body, tag }: AlertContent, conversationId: string): void {
  let notification: Notification
  try {
    // silent: the chime (or its absence, with sound off) is the only sound.
    notification = new Notification(title, { body, tag, silent: true, icon: '/favicon.svg' })
  } catch {
    return // Chrome on Android only shows them from a service worker
  }
  shown.add(notification)
  notification.onclose = () => shown.delete(notification)
  notification.onclick = () => {
    window.focus()
    navigate(paths.conversation(conversationId))
    notification.close()
  }
}

/** Back on the tab: its notifications have done their job. Call once at start-up. */
export function startNotifications(): void {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') return
    shown.forEach((n) => n.close())
    shown.clear()
  })
}
