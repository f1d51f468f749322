import { useRef, type PointerEvent } from 'react'
import { LONG_PRESS_MS } from '../../../config/constants'

/** A finger that moves this far is scrolling, not pressing. */
const SLOP_PX = 10
/** How long after the finger lifts a click it causes is still swallowed. */
const LIFT_CLICK_MS = 600
const LIFT_EVENTS = ['mousedown', 'mouseup', 'click'] as const

/**
 * The mouse events and click a browser may send when the finger of a long press lifts land on
 * whatever is under it by then (the menu that just opened there, or the message, taking focus out
 * of the menu): they are no choice, so they are swallowed.
 */
function swallowLiftClick(): void {
  const swallow = (e: Event) => {
    e.preventDefault()
    e.stopPropagation()
  }
  const stopWaiting = () => {
    document.removeEventListener('pointerup', lifted, true)
    document.removeEventListener('pointercancel', lifted, true)
  }
  function lifted() {
    stopWaiting()
    const done = () => {
      for (const type of LIFT_EVENTS) document.removeEventListener(type, swallow, true)
      document.removeEventListener('pointerdown', done, true)
    }
    for (const type of LIFT_EVENTS) document.addEventListener(type, swallow, true)
    // The next press (a tap on the menu) is a choice again.
    document.addEventListener('pointerdown', done, true)
    setTimeout(done, LIFT_CLICK_MS)
  }
  document.addEventListener('pointerup', lifted, true)
  document.addEventListener('pointercancel', lifted, true)
  setTimeout(stopWaiting, 10_000) // a finger held longer than that lifts into nothing
}

/**
 * Handlers that call `onLongPress` when a touch stays on the element for LONG_PRESS_MS (the
 * browser's own long-press menu is held back). Mouse and pen use the hover or keyboard button.
 */
export function useLongPress(onLongPress: () => void, enabled = true) {
  const press = useRef<{ timer: ReturnType<typeof setTimeout>; x: number; y: number } | null>(null)
  const fired = useRef(false)

  const cancel = () => {
    if (press.current) clearTimeout(press.current.timer)
    press.current = null
  }

  if (!enabled) return {}
  return {
    onPointerDown: (e: PointerEvent) => {
      if (e.pointerType !== 'touch') return
      cancel()
      fired.current = false
      const timer = setTimeout(() => {
        press.current = null
        fired.current = true
        swallowLiftClick()
        onLongPress()
      }, LONG_PRESS_MS)
      press.current = { timer, x: e.clientX, y: e.clientY }
    },
    onPointerMove: (e: PointerEvent) => {
      const p = press.current
      if (p && Math.hypot(e.clientX - p.x, e.clientY - p.y) > SLOP_PX) cancel()
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    onContextMenu: (e: { preventDefault: () => void }) => {
      // After a long press (or instead of one, on Android) the browser offers its own menu: ours instead.
      if (fired.current || press.current) {
        e.preventDefault()
        if (!fired.current) {
          cancel()
          fired.current = true
          onLongPress()
        }
      }
    },
  }
}
