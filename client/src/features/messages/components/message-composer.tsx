import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { MAX_MESSAGE_LENGTH } from '../../../config/constants'

interface MessageComposerProps {
  onSend: (text: string) => void
}

export function MessageComposer({ onSend }: MessageComposerProps) {
  const [text, setText] = useState('')
  const inputRef = useRef<HTMLTextAreaElement>(null)
  const empty = text.trim() === ''

  function submit(event?: FormEvent) {
    event?.preventDefault()
    if (empty) return
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

  const left = MAX_MESSAGE_LENGTH - text.length
  return (
    <form className="flex items-end gap-2 border-t border-base-300 bg-base-100 p-3" onSubmit={submit}>
      <div className="relative flex-1">
        <label htmlFor="message-input" className="sr-only">
          Message
        </label>
        <textarea
          id="message-input"
          ref={inputRef}
          data-testid="message-input"
          rows={1}
          placeholder="Type a message"
          maxLength={MAX_MESSAGE_LENGTH}
          className="textarea field-sizing-content max-h-40 min-h-10 w-full resize-none"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {left < 200 && (
          <span className="absolute right-2 bottom-1 text-xs text-base-content/60" aria-live="polite">
            {left}
          </span>
        )}
      </div>
      <button
        type="submit"
        className="btn btn-primary"
        data-testid="send-button"
        disabled={empty}
        aria-label="Send"
      >
        <svg className="size-5" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
          <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
        </svg>
        <span className="hidden sm:inline">Send</span>
      </button>
    </form>
  )
}
