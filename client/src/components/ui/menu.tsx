import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { menuKeyDown } from '../../lib/focus'

const ITEMS = '[role=menuitem],[role=menuitemradio],[role=menuitemcheckbox]'

/** Closes the open menu and gives focus back to its button. */
const CloseMenu = createContext<() => void>(() => {})

interface MenuButtonProps {
  /** The button's accessible name, e.g. "Account menu". */
  label: string
  testId: string
  icon: ReactNode
  align?: 'start' | 'end'
  /** MenuItem, MenuSeparator, groups of items. */
  children: ReactNode
}

/**
 * A menu button (WAI-ARIA APG): Enter, Space or ArrowDown open it on the first item, ArrowUp on the
 * last; arrows, Home and End move between items; Escape closes it and focus returns to the button;
 * Tab, or a click elsewhere, closes it and focus goes where it was going.
 */
export function MenuButton({ label, testId, icon, align = 'end', children }: MenuButtonProps) {
  const [open, setOpen] = useState<'first' | 'last' | null>(null)
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const menuId = useId()

  const items = () =>
    [...(menu.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])].filter(
      (el) => !el.hasAttribute('disabled') && el.getAttribute('aria-disabled') !== 'true',
    )
  const close = () => {
    setOpen(null)
    button.current?.focus()
  }

  useEffect(() => {
    if (!open) return
    const list = items()
    ;(open === 'last' ? list[list.length - 1] : list[0])?.focus()
  }, [open])

  return (
    <div className="relative shrink-0">
      <button
        ref={button}
        type="button"
        className="btn btn-circle btn-ghost btn-sm"
        data-testid={testId}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        // While open, a press on the button closes the menu instead of blurring it first.
        onMouseDown={(e) => open && e.preventDefault()}
        onClick={() => (open ? close() : setOpen('first'))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault()
            setOpen(e.key === 'ArrowUp' ? 'last' : 'first')
          }
        }}
      >
        {icon}
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={label.replace(/ menu$/i, '')}
          tabIndex={-1}
          className={`absolute ${align === 'start' ? 'left-0' : 'right-0'} z-30 mt-1 flex w-52 flex-col gap-0.5 rounded-box border border-base-300 bg-base-100 p-1 shadow-lg`}
          onKeyDown={(e) => menuKeyDown(e, items(), close)}
          // Focus that leaves the menu (Tab, a click elsewhere) closes it.
          onBlur={(e) => {
            if (!menu.current?.contains(e.relatedTarget as Node | null)) setOpen(null)
          }}
        >
          <CloseMenu value={close}>{children}</CloseMenu>
        </div>
      )}
    </div>
  )
}

interface MenuItemProps {
  testId: string
  onSelect: () => void
  /** Set for a menuitemradio. */
  checked?: boolean
  children: ReactNode
}

/**
 * One item: a button out of the Tab order (the menu moves focus with the arrow keys). Choosing it
 * closes the menu, focus back on the menu button, before `onSelect` runs: a dialog it opens then
 * returns focus there.
 */
export function MenuItem({ testId, onSelect, checked, children }: MenuItemProps) {
  const close = useContext(CloseMenu)
  const radio = checked !== undefined
  return (
    <button
      type="button"
      role={radio ? 'menuitemradio' : 'menuitem'}
      aria-checked={radio ? checked : undefined}
      tabIndex={-1}
      className={`btn justify-start gap-2 font-normal btn-ghost btn-sm max-sm:h-11 ${checked ? 'btn-active' : ''}`}
      data-testid={testId}
      onClick={() => {
        close()
        onSelect()
      }}
    >
      {children}
    </button>
  )
}

export function MenuSeparator() {
  return <div role="separator" className="my-1 border-t border-base-300" />
}
