import { useMemo, useState } from 'react'
import { editMessage, react } from '../../../realtime/message-actions'
import { useChatStore } from '../../../stores/chat-store'
import { editable, withPendingActions, type PendingAction } from '../../../stores/message-changes'
import type { Message } from '../../../types/api'
import { jumpToMessage } from '../api/jump-to-message'
import type { ComposerMode } from '../components/message-composer'
import type { MessageHandlers } from '../components/message-handlers'

/** Copy with the Clipboard API, or the older way where it is missing (not a secure context). */
async function copyText(text: string): Promise<void> {
  const store = useChatStore.getState()
  try {
    if (navigator.clipboard) await navigator.clipboard.writeText(text)
    else {
      const area = Object.assign(document.createElement('textarea'), { value: text })
      document.body.append(area)
      area.select()
      const done = document.execCommand('copy')
      area.remove()
      if (!done) throw new Error('copy refused')
    }
    store.pushToast('Copied', 'success')
  } catch {
    store.pushToast('Could not copy the text.')
  }
}

/**
 * What the actions on the open conversation's messages do: the composer's reply or edit mode, the
 * message waiting for a delete confirmation, and ↑ (edit our last message).
 */
export function useMessageActions(
  conversationId: string | null,
  messages: readonly Message[],
  actions: readonly PendingAction[],
  myId: string,
  nameOf: (userId: string) => string,
) {
  const [target, setTarget] = useState<{ kind: 'reply' | 'edit'; message: Message } | null>(null)
  const [deleting, setDeleting] = useState<Message | null>(null)

  const handlers = useMemo<MessageHandlers>(
    () => ({
      reply: (message) => setTarget({ kind: 'reply', message }),
      edit: (message) => setTarget({ kind: 'edit', message }),
      remove: (message) => setDeleting(message),
      react: (message, emoji, on) => react(message, emoji, on),
      copy: (message) => void copyText(message.text ?? ''),
      jumpTo: (quote) => {
        if (conversationId) void jumpToMessage(conversationId, quote)
      },
    }),
    [conversationId],
  )

  const mode: ComposerMode | null = target && { ...target, name: nameOf(target.message.sender_id) }

  /** ↑ in the empty composer: our newest message that may still be edited. */
  const editLast = () => {
    const now = Date.now()
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]
      if (!m || m.sender_id !== myId || m.kind === 'system') continue
      const shown = withPendingActions(m, actions, myId)
      if (!shown.deleted && shown.text !== null && editable(shown, now, useChatStore.getState().editWindowMs))
        setTarget({ kind: 'edit', message: shown })
      return
    }
  }

  const save = (text: string) => {
    const message = target?.message
    setTarget(null)
    if (message && text.trim() !== (message.text ?? '')) editMessage(message, text)
  }

  return {
    handlers,
    mode,
    cancelMode: () => setTarget(null),
    editLast,
    save,
    deleting,
    closeDelete: () => setDeleting(null),
  }
}
