import { useShallow } from 'zustand/react/shallow'
import { useChatStore } from '../../stores/chat-store'

const alertClass = { error: 'alert-error', info: 'alert-info', success: 'alert-success' } as const

export function Toaster() {
  const toasts = useChatStore(useShallow((s) => s.toasts))
  const dismiss = useChatStore((s) => s.dismissToast)
  if (toasts.length === 0) return null
  return (
    <div className="toast toast-top toast-center z-50 w-full max-w-md sm:toast-end" aria-live="assertive">
      {toasts.map((t) => (
        <div
          key={t.id}
          role={t.kind === 'error' ? 'alert' : 'status'}
          data-testid="toast"
          data-kind={t.kind}
          className={`alert ${alertClass[t.kind]} flex items-start whitespace-normal shadow-lg`}
        >
          <span className="flex-1 text-sm break-words">{t.text}</span>
          <button
            type="button"
            className="btn btn-ghost btn-xs"
            aria-label="Dismiss"
            onClick={() => dismiss(t.id)}
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  )
}
