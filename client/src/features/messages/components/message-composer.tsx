import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from 'react'
import { MAX_ATTACHMENTS, MAX_MESSAGE_LENGTH } from '../../../config/constants'
import { insertMention, mentionAt, mentionCandidates, type MentionCandidate } from '../../../lib/mentions'
import type { Message } from '../../../types/api'
import { CheckIcon, SendIcon } from '../../../components/ui/icons'
import { AttachButton } from '../../attachments/components/attach-button'
import { StagedFiles } from '../../attachments/components/staged-files'
import { useFileDrop } from '../../attachments/hooks/use-file-drop'

/** Replying to a message (a quote goes with the new one), or editing one of ours in place. */
export interface ComposerMode {
  kind: 'reply' | 'edit'
  message: Message
  /** Who wrote it, as the reply bar names them. */
  name: string
}

interface MessageComposerProps {
  /** The text (may be empty when files go) and the files chosen. */
  onSend: (text: string, files: File[]) => void
  /** Files can be attached (a conversation to upload them to exists). */
  canAttach?: boolean
  /** Called on each edit that leaves text in the field (the caller throttles what it sends). */
  onTyping?: () => void
  mode?: ComposerMode | null
  /** Esc, or the bar's close button: back to a plain message. */
  onCancelMode?: () => void
  /** Enter in edit mode: the new text of the message being edited. */
  onSave?: (text: string) => void
  /** ↑ in the empty field: edit our last message. */
  onEditLast?: () => void
  /** Who "@" offers (a group's other members). */
  mentionable?: readonly MentionCandidate[]
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
 * and the field turn red and Send waits until the message is short enough. Above the field, a bar
 * while replying or editing (Esc leaves it); after "@" in a group, the members to name.
 */
export function MessageComposer(props: MessageComposerProps) {
  const { onSend, onTyping, mode = null, onCancelMode, mentionable = [], canAttach = false } = props
  const [text, setText] = useState('')
  const [files, setFiles] = useState<File[]>([])
  const [caret, setCaret] = useState(0)
  // The draft put aside while a message is edited, and which message that is.
  const [draft, setDraft] = useState<string | null>(null)
  const [editingId, setEditingId] = useState<string | null>(null)
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)
  const [active, setActive] = useState(0)
  const inputRef = useRef<HTMLTextAreaElement>(null)
  /** Where the caret goes once a chosen name is in the field (before the next keystroke). */
  const caretAfter = useRef<number | null>(null)
  const listId = useId()
  const editing = mode?.kind === 'edit' ? mode.message : null

  if ((editing?.id ?? null) !== editingId) {
    if (editing && editingId === null) setDraft(text)
    setEditingId(editing?.id ?? null)
    setText(editing ? (editing.text ?? '') : (draft ?? ''))
    if (!editing) setDraft(null)
  }

  useEffect(() => {
    const input = inputRef.current
    if (!mode || !input) return
    input.focus()
    input.setSelectionRange(input.value.length, input.value.length)
  }, [mode])

  const length = messageLength(text)
  const over = length - MAX_MESSAGE_LENGTH
  const attaching = canAttach && !editing
  const sendable = (length > 0 || (attaching && files.length > 0)) && over <= 0
  const addFiles = (chosen: File[]) => setFiles((had) => [...had, ...chosen].slice(0, MAX_ATTACHMENTS))
  const drop = useFileDrop(addFiles, attaching)
  const typed = mentionable.length > 0 ? mentionAt(text, caret) : null
  const candidates = typed && typed.start !== dismissedAt ? mentionCandidates(mentionable, typed.query) : []
  const listOpen = candidates.length > 0
  const activeIndex = Math.min(active, candidates.length - 1)

  function submit(event?: FormEvent) {
    event?.preventDefault()
    if (!sendable) return
    if (editing) props.onSave?.(text)
    else {
      onSend(text, attaching ? files : [])
      setText('')
      setFiles([])
    }
    inputRef.current?.focus()
  }

  function choose(candidate: MentionCandidate) {
    if (!typed) return
    const next = insertMention(text, typed.start, caret, candidate.username)
    setText(next.text)
    setCaret(next.caret)
    setActive(0)
    caretAfter.current = next.caret
  }

  useLayoutEffect(() => {
    if (caretAfter.current === null) return
    inputRef.current?.setSelectionRange(caretAfter.current, caretAfter.current)
    caretAfter.current = null
  }, [text])

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return
    const key = event.key
    if (listOpen && (key === 'ArrowDown' || key === 'ArrowUp')) {
      event.preventDefault()
      const step = key === 'ArrowDown' ? 1 : -1
      setActive((activeIndex + step + candidates.length) % candidates.length)
    } else if (listOpen && (key === 'Enter' || key === 'Tab') && !event.shiftKey) {
      event.preventDefault()
      const chosen = candidates[activeIndex]
      if (chosen) choose(chosen)
    } else if (listOpen && key === 'Escape') {
      event.preventDefault()
      setDismissedAt(typed?.start ?? null)
    } else if (key === 'Escape' && mode) {
      event.preventDefault()
      onCancelMode?.()
    } else if (key === 'ArrowUp' && text === '' && !mode && props.onEditLast) {
      event.preventDefault()
      props.onEditLast()
    } else if (key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      submit()
    }
  }

  const optionId = (i: number) => `${listId}-option-${i}`
  return (
    <form
      className={`flex flex-col gap-2 border-t border-base-300 bg-base-100 p-3 ${
        drop.dragging ? 'outline-2 -outline-offset-4 outline-primary outline-dashed' : ''
      }`}
      data-testid="composer"
      onSubmit={submit}
      {...drop.handlers}
    >
      {mode && <ModeBar mode={mode} onCancel={() => onCancelMode?.()} />}
      {attaching && <StagedFiles files={files} onRemove={(i) => setFiles(files.filter((_, j) => j !== i))} />}
      <div className="flex items-end gap-2">
        <div className="relative flex min-w-0 flex-1 flex-col">
          <label htmlFor="message-input" className="sr-only">
            {editing ? 'Edit message' : 'Message'}
          </label>
          {listOpen && (
            <ul
              id={listId}
              role="listbox"
              aria-label="People to mention"
              data-testid="mention-list"
              className="absolute bottom-full left-0 z-20 mb-1 flex w-64 max-w-full flex-col rounded-box border border-base-300 bg-base-100 p-1 shadow-lg"
            >
              {candidates.map((c, i) => (
                <li
                  key={c.username}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === activeIndex}
                  data-testid="mention-option"
                  data-username={c.username}
                  className="flex cursor-pointer flex-col rounded px-2 py-1 text-sm aria-selected:bg-base-300 max-sm:min-h-11"
                  // Keep focus in the field: the list is its popup.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(c)}
                >
                  <span className="font-medium">{c.full_name}</span>
                  <span className="text-xs text-base-content/80">@{c.username}</span>
                </li>
              ))}
            </ul>
          )}
          <textarea
            id="message-input"
            ref={inputRef}
            data-testid="message-input"
            rows={1}
            placeholder={editing ? 'Edit your message' : 'Type a message'}
            className={`textarea field-sizing-content max-h-40 min-h-10 w-full resize-none ${
              over > 0 ? 'textarea-error' : ''
            }`}
            aria-invalid={over > 0 || undefined}
            aria-describedby="message-limit"
            aria-autocomplete={mentionable.length > 0 ? 'list' : undefined}
            aria-controls={listOpen ? listId : undefined}
            aria-activedescendant={listOpen ? optionId(activeIndex) : undefined}
            value={text}
            onChange={(e) => {
              setText(e.target.value)
              setCaret(e.target.selectionStart)
              setActive(0)
              setDismissedAt(null) // typing on offers names again
              if (e.target.value.trim()) onTyping?.()
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
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
        {/* After the field: Shift+Tab from it still goes back to the messages. */}
        {attaching && <AttachButton onFiles={addFiles} disabled={files.length >= MAX_ATTACHMENTS} />}
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="send-button"
          disabled={!sendable}
          aria-label={editing ? 'Save' : 'Send'}
          aria-describedby={over > 0 ? 'message-limit' : undefined}
        >
          {editing ? <CheckIcon /> : <SendIcon />}
          <span className="hidden sm:inline">{editing ? 'Save' : 'Send'}</span>
        </button>
      </div>
    </form>
  )
}

function ModeBar({ mode, onCancel }: { mode: ComposerMode; onCancel: () => void }) {
  const edit = mode.kind === 'edit'
  return (
    <div
      data-testid={edit ? 'edit-bar' : 'reply-bar'}
      className="flex items-center gap-2 rounded-box border-l-4 border-primary bg-base-200 py-1 pr-1 pl-3"
    >
      <div className="min-w-0 flex-1">
        <p className="text-xs font-semibold">{edit ? 'Editing your message' : `Replying to ${mode.name}`}</p>
        <p className="truncate text-sm text-base-content/80">{mode.message.text}</p>
      </div>
      <button
        type="button"
        className="btn btn-circle btn-ghost btn-sm max-sm:size-11"
        data-testid="cancel-mode"
        aria-label={edit ? 'Cancel editing' : 'Cancel reply'}
        onClick={onCancel}
      >
        ✕
      </button>
    </div>
  )
}
