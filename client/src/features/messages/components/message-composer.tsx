import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { MAX_MESSAGE_LENGTH } from '../../../config/constants'

interface MessageComposerProps {
  onSend: (text: string) => void
  /** Called on each edit that leaves text in the field (the caller throttles what it sends). */
  onTyping?: () => void
}

/** The counter shows from this many characters on. */
const COUNT_FROM = MAX_MESSAGE_LENGTH - 200
const count = new Intl.NumberFormat()

/** Characters as the server counts them: code points, after trimming. */
function messageLength(text: string): number {
  return Array.from(text.trim()).length
}

/**
 * Enter sends, Shift+Enter breaks the line. Text over the limit is kept, never cut: the counter
 * and the field turn red and Send waits until the message is short enough.
 */
export function MessageComposer({ onSend, onTyping }: MessageComposerProps) {
  const [text, setText] = useState('')
  const inputRef = useRef<HTMLTextAreaElement>(null)
  const length = messageLength(text)
  const over = length - MAX_MESSAGE_LENGTH
  const sendable = length > 0 && over <= 0

  function submit(event?: FormEvent) {
    event?.preventDefault()
    if (!sendable) return
    onSend(text)
    setText('')
    inputRef.current?.focus()
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      submit()
    }
  }

  return (
    <form className="flex items-end gap-2 border-t border-base-300 bg-base-100 p-3" onSubmit={submit}>
      <div className="flex min-w-0 flex-1 flex-col">
        <label htmlFor="message-input" className="sr-only">
          Message
        </label>
        <textarea
          id="message-input"
          ref={inputRef}
          data-testid="message-input"
          rows={1}
          placeholder="Type a message"
          className={`textarea field-sizing-content max-h-40 min-h-10 w-full resize-none ${
            over > 0 ? 'textarea-error' : ''
          }`}
          aria-invalid={over > 0 || undefined}
          aria-describedby="message-limit"
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            if (e.target.value.trim()) onTyping?.()
          }}
          onKeyDown={onKeyDown}
        />
        {/* A live region that stays mounted (and takes no room while empty), so it is announced. */}
        <div id="message-limit" className="flex gap-2 text-xs" aria-live="polite">
          {over > 0 && (
            <span className="flex-1 pt-1 text-error-ink" data-testid="message-too-long">
              {count.format(over)} {over === 1 ? 'character' : 'characters'} over the limit: shorten the
              message to send it.
            </span>
          )}
          {length >= COUNT_FROM && (
            <span
              className={`ml-auto pt-1 tabular-nums ${over > 0 ? 'font-semibold text-error-ink' : 'text-base-content/70'}`}
              data-testid="message-count"
            >
              {count.format(length)} / {count.format(MAX_MESSAGE_LENGTH)}
            </span>
          )}
        </div>
      </div>
      <button
        type="submit"
        className="btn btn-primary"
        data-testid="send-button"
        disabled={!sendable}
        aria-label="Send"
        aria-describedby={over > 0 ? 'message-limit' : undefined}
      >
        <svg className="size-5" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
          <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
        </svg>
        <span className="hidden sm:inline">Send</span>
      </button>
    </form>
  )
}
