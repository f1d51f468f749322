// Whether a message pushed to this tab calls for a notification and a sound, and what it says.
// Pure: notify.ts gathers the facts from the store and the browser.
import { messageText } from '../../lib/format'
import type { NotificationAccess } from '../../lib/browser-notifications'
import { personIn } from '../../lib/group-text'
import type { Conversation, Message, UserSettings } from '../../types/api'

export interface AlertFacts {
  message: Message
  myId: string | null
  /** Its conversation as held; undefined when not known (yet). */
  conversation: Conversation | undefined
  /** null until loaded: nothing is raised on unknown settings. */
  settings: UserSettings | null
  /** The tab is in the background (document.visibilityState). */
  hidden: boolean
  access: NotificationAccess
}

export interface AlertPlan {
  notify: boolean
  sound: boolean
}

const NOTHING: AlertPlan = { notify: false, sound: false }

/** Someone else's new text message, in a hidden tab, not in a muted conversation unless it names us. */
export function planAlert({ message, myId, conversation, settings, hidden, access }: AlertFacts): AlertPlan {
  if (!hidden || !settings || !myId) return NOTHING
  if (message.sender_id === myId || message.kind === 'system' || message.deleted) return NOTHING
  const mentioned = (message.mentions ?? []).includes(myId)
  if (conversation?.muted && !mentioned) return NOTHING
  return { notify: settings.notifications && access === 'granted', sound: settings.sound }
}

export const EXCERPT_LENGTH = 120

export interface AlertContent {
  title: string
  body: string
  /** One per conversation: a newer notification replaces the older one instead of piling up. */
  tag: string
}

/** The sender (direct) or the group's title, and the text's start ("Ann: …" in a group). */
export function alertContent(message: Message, conversation: Conversation | undefined): AlertContent {
  const text = excerpt(messageText(message.text))
  const tag = `conversation-${message.conversation_id}`
  if (conversation?.kind === 'group') {
    const sender = personIn(conversation, message.sender_id)?.full_name ?? 'Someone'
    return { title: conversation.title, body: `${sender}: ${text}`, tag }
  }
  return { title: conversation?.other.full_name ?? 'New message', body: text, tag }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= EXCERPT_LENGTH ? flat : `${flat.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…`
}

const CLAIMS_KEY = 'chat:alerted'
const CLAIMS_KEPT = 50

/**
 * Every tab of the account gets the message: the first to claim its id alerts, the others keep
 * quiet (one sound, not one per tab). Without storage each tab alerts.
 */
export function claimAlert(storage: Pick<Storage, 'getItem' | 'setItem'>, messageId: string): boolean {
  try {
    const claimed: unknown = JSON.parse(storage.getItem(CLAIMS_KEY) ?? '[]')
    const ids = Array.isArray(claimed) ? claimed.filter((v): v is string => typeof v === 'string') : []
    if (ids.includes(messageId)) return false
    storage.setItem(CLAIMS_KEY, JSON.stringify([...ids, messageId].slice(-CLAIMS_KEPT)))
    return true
  } catch {
    return true
  }
}
