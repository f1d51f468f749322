import { useShallow } from 'zustand/react/shallow'
import { useChatStore } from '../../stores/chat-store'

const alertClass = { error: 'alert-error', info: 'alert-info', success: 'alert-success' } as const

/**
 * Toasts in the page flow (see StatusStrip): they push the screen down instead of covering its
 * controls. The live region stays mounted so that new toasts are announced.
 */
export function Toaster() {
  const toasts = useChatStore(useShallow((s) => s.toasts))
  const dismiss = useChatStore((s) => s.dismissToast)
  return (
    <div className="flex flex-col gap-1 px-2 pt-2 empty:hidden" aria-live="polite" data-testid="toasts">
      {toasts.map((t) => (
        <div
          key={t.id}
          role={t.kind === 'error' ? 'alert' : 'status'}
          data-testid="toast"
          data-kind={t.kind}
          className={`alert ${alertClass[t.kind]} mx-auto flex w-full max-w-2xl items-center gap-2 py-1 pr-1 whitespace-normal shadow-sm`}
        >
          <span className="flex-1 py-1 text-sm break-words">{t.text}</span>
          <button
            type="button"
            className="btn btn-square btn-ghost btn-sm max-sm:size-11"
            aria-label="Dismiss"
            data-testid="toast-dismiss"
            onClick={() => dismiss(t.id)}
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  )
}
