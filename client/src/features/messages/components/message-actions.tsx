import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { MoreIcon } from '../../../components/ui/icons'
import { menuKeyDown } from '../../../lib/focus'
import { MORE_EMOJI, QUICK_EMOJI } from './emoji'

const ITEMS = '[role=menuitem],[role=menuitemcheckbox]'
/** Room the menu needs below its message before it opens upwards instead. */
const MENU_HEIGHT_PX = 280

export interface MessageActionsProps {
  own: boolean
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The emoji we reacted with: checked in the menu, and chosen again they take ours away. */
  mine: ReadonlySet<string>
  /** Each is offered only when given. */
  onReact?: (emoji: string, on: boolean) => void
  onReply?: () => void
  onEdit?: () => void
  onCopy?: () => void
  onDelete?: () => void
}

/**
 * A message's "More actions" button and its menu: reactions, Reply, Edit, Copy text, Delete.
 * Pointer users see the button on hover; keyboard users when it has focus (it is in the Tab order
 * of the message); touch users open the menu with a long press (the button stays out of sight but
 * reachable for screen readers). The menu follows the WAI-ARIA menu button pattern: arrows, Home and
 * End move, Escape closes it and focus returns to the button; a tap or focus elsewhere closes it.
 * On a phone it is a sheet along the bottom of the screen.
 */
export function MessageActions(props: MessageActionsProps) {
  const { own, open, onOpenChange, mine, onReact } = props
  const [allEmoji, setAllEmoji] = useState(false)
  const [upwards, setUpwards] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  /** ArrowUp on the button opens the menu on its last item, anything else on its first. */
  const openOn = useRef<'first' | 'last'>('first')
  const menuId = useId()

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])]

  const close = (refocus = true) => {
    onOpenChange(false)
    setAllEmoji(false)
    if (refocus) button.current?.focus()
  }

  useEffect(() => {
    if (!open) return
    const row = button.current?.parentElement?.getBoundingClientRect()
    const list = button.current?.closest('[data-testid=message-list]')?.getBoundingClientRect()
    if (row && list)
      setUpwards(list.bottom - row.bottom < MENU_HEIGHT_PX && row.top - list.top > list.bottom - row.bottom)
    const choices = items()
    ;(openOn.current === 'last' ? choices[choices.length - 1] : choices[0])?.focus()
    openOn.current = 'first'
    const outside = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && e.target !== button.current) close(false)
    }
    document.addEventListener('pointerdown', outside)
    return () => document.removeEventListener('pointerdown', outside)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when it opens
  }, [open])

  useEffect(() => {
    if (open && allEmoji)
      items()
        .find((el) => el.dataset.more === 'true')
        ?.focus()
    // eslint-disable-next-line react-hooks/exhaustive-deps -- when the larger picker shows
  }, [allEmoji])

  const choose = (action: (() => void) | undefined) => () => {
    close()
    action?.()
  }
  const emojiItem = (emoji: string, more = false) => (
    <button
      key={emoji}
      type="button"
      role="menuitemcheckbox"
      aria-checked={mine.has(emoji)}
      aria-label={emoji}
      tabIndex={-1}
      data-testid="react-option"
      data-emoji={emoji}
      data-more={more ? 'true' : undefined}
      className={`btn btn-square btn-ghost text-xl max-sm:size-11 ${mine.has(emoji) ? 'btn-active' : ''}`}
      onClick={choose(() => onReact?.(emoji, !mine.has(emoji)))}
    >
      {emoji}
    </button>
  )

  return (
    <>
      <button
        ref={button}
        type="button"
        className={`btn btn-circle btn-ghost btn-sm shrink-0 opacity-0 group-hover:opacity-100 focus-visible:opacity-100 aria-expanded:opacity-100 pointer-coarse:not-focus-visible:sr-only`}
        data-testid="message-actions-button"
        aria-label="More actions"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onMouseDown={(e) => open && e.preventDefault()}
        onClick={() => (open ? close() : onOpenChange(true))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault()
            openOn.current = e.key === 'ArrowUp' ? 'last' : 'first'
            onOpenChange(true)
          }
        }}
      >
        <MoreIcon />
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label="Message actions"
          data-testid="message-actions-menu"
          tabIndex={-1}
          className={`z-30 flex flex-col gap-0.5 rounded-box border border-base-300 bg-base-100 p-1 text-base-content shadow-lg max-sm:fixed max-sm:inset-x-2 max-sm:bottom-2 sm:absolute sm:w-72 ${
            upwards ? 'sm:bottom-full' : 'sm:top-full'
          } ${own ? 'sm:right-0' : 'sm:left-0'}`}
          onKeyDown={(e) => menuKeyDown(e, items(), close, true)}
          onBlur={(e) => {
            if (!menu.current?.contains(e.relatedTarget as Node | null) && e.relatedTarget) close(false)
          }}
        >
          {onReact && (
            <>
              <div role="group" aria-label="React" className="flex flex-wrap justify-between">
                {QUICK_EMOJI.map((e) => emojiItem(e))}
                <Item
                  testId="more-emoji"
                  onSelect={() => setAllEmoji((v) => !v)}
                  square
                  label="More reactions"
                >
                  <span aria-hidden="true" className="text-lg">
                    {allEmoji ? '−' : '+'}
                  </span>
                </Item>
              </div>
              {allEmoji && (
                <div
                  role="group"
                  aria-label="More reactions"
                  className="grid grid-cols-8 gap-0.5 max-sm:grid-cols-6"
                >
                  {MORE_EMOJI.map((e) => emojiItem(e, true))}
                </div>
              )}
              <div role="separator" className="my-1 border-t border-base-300" />
            </>
          )}
          {props.onReply && (
            <Item testId="action-reply" onSelect={choose(props.onReply)}>
              Reply
            </Item>
          )}
          {props.onEdit && (
            <Item testId="action-edit" onSelect={choose(props.onEdit)}>
              Edit
            </Item>
          )}
          {props.onCopy && (
            <Item testId="action-copy" onSelect={choose(props.onCopy)}>
              Copy text
            </Item>
          )}
          {props.onDelete && (
            <Item testId="action-delete" onSelect={choose(props.onDelete)} danger>
              Delete
            </Item>
          )}
        </div>
      )}
    </>
  )
}

interface ItemProps {
  testId: string
  onSelect: () => void
  children: ReactNode
  danger?: boolean
  square?: boolean
  label?: string
}

function Item({ testId, onSelect, children, danger = false, square = false, label }: ItemProps) {
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      aria-label={label}
      data-testid={testId}
      className={`btn btn-ghost btn-sm font-normal max-sm:h-11 ${square ? 'btn-square max-sm:w-11' : 'justify-start'} ${
        danger ? 'text-error-ink' : ''
      }`}
      onClick={onSelect}
    >
      {children}
    </button>
  )
}
