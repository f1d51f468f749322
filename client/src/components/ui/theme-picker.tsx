import { useEffect, useRef, useState, useSyncExternalStore, type ReactElement } from 'react'
import {
  getTheme,
  getThemeChoice,
  setThemeChoice,
  subscribeTheme,
  THEME_CHOICES,
  type ThemeChoice,
} from '../../lib/theme'
import { MonitorIcon, MoonIcon, SunIcon, type IconProps } from './icons'
import { MenuItem } from './menu'

const LABELS: Record<ThemeChoice, string> = { light: 'Light', dark: 'Dark', system: 'System' }

/** An icon button that opens the light / dark / system choice (a disclosure, not a menu);
 *  the choices open below it, lined up with its `align` edge. */
export function ThemePicker({ align = 'end' }: { align?: 'start' | 'end' }) {
  const choice = useSyncExternalStore(subscribeTheme, getThemeChoice)
  const theme = useSyncExternalStore(subscribeTheme, getTheme)
  const [open, setOpen] = useState(false)
  const box = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (!open) return
    const outside = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false)
    }
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      setOpen(false)
      button.current?.focus()
    }
    document.addEventListener('pointerdown', outside)
    document.addEventListener('keydown', escape)
    return () => {
      document.removeEventListener('pointerdown', outside)
      document.removeEventListener('keydown', escape)
    }
  }, [open])

  return (
    <div ref={box} className="relative shrink-0">
      <button
        ref={button}
        type="button"
        className="btn btn-circle btn-ghost btn-sm"
        data-testid="theme-button"
        data-theme-choice={choice}
        aria-label={`Theme: ${LABELS[choice]}`}
        aria-expanded={open}
        aria-controls="theme-options"
        onClick={() => setOpen((o) => !o)}
      >
        <ThemeIcon choice={choice === 'system' ? 'system' : theme} />
      </button>
      {open && (
        <div
          id="theme-options"
          role="group"
          aria-label="Theme"
          className={`absolute ${align === 'start' ? 'left-0' : 'right-0'} z-30 mt-1 flex w-36 flex-col gap-0.5 rounded-box border border-base-300 bg-base-100 p-1 shadow-lg`}
        >
          {THEME_CHOICES.map((c) => (
            <button
              key={c}
              type="button"
              className={`btn justify-start gap-2 font-normal btn-ghost btn-sm ${c === choice ? 'btn-active' : ''}`}
              data-testid={`theme-${c}`}
              aria-pressed={c === choice}
              onClick={() => {
                setThemeChoice(c)
                setOpen(false)
              }}
            >
              <ThemeIcon choice={c} />
              {LABELS[c]}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}

/** The same choice as radio items of a menu (the account menu). */
export function ThemeMenuGroup() {
  const choice = useSyncExternalStore(subscribeTheme, getThemeChoice)
  return (
    <div role="group" aria-label="Theme" data-theme-choice={choice} className="flex flex-col gap-0.5">
      <span className="px-3 pt-1 text-xs font-medium text-base-content/70" aria-hidden="true">
        Theme
      </span>
      {THEME_CHOICES.map((c) => (
        <MenuItem key={c} testId={`theme-${c}`} checked={c === choice} onSelect={() => setThemeChoice(c)}>
          <ThemeIcon choice={c} />
          {LABELS[c]}
        </MenuItem>
      ))}
    </div>
  )
}

const ICONS: Record<ThemeChoice, (props: IconProps) => ReactElement> = {
  light: SunIcon,
  dark: MoonIcon,
  system: MonitorIcon,
}

function ThemeIcon({ choice }: { choice: ThemeChoice }) {
  const Icon = ICONS[choice]
  return <Icon />
}
