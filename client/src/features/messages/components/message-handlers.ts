import { createContext } from 'react'
import type { Message, ReplyQuote } from '../../../types/api'

/** What the actions on a message do; given by the open conversation to its messages. */
export interface MessageHandlers {
  reply: (message: Message) => void
  edit: (message: Message) => void
  /** Asks first (a confirmation dialog). */
  remove: (message: Message) => void
  react: (message: Message, emoji: string, on: boolean) => void
  copy: (message: Message) => void
  /** Scroll to the message a reply answers, loading older pages when needed. */
  jumpTo: (quote: ReplyQuote) => void
}

export const MessageHandlersContext = createContext<MessageHandlers | null>(null)
