import { useEffect } from 'react'
import { StatusStrip } from '../components/layout/status-strip'
import { useChatStore } from '../stores/chat-store'
import { navigate, paths, usePathname } from './router'
import { ChatRoute } from './routes/chat'
import { LoginRoute } from './routes/login'
import { SignupRoute } from './routes/signup'

/** Signed-in users live at /, everyone else at /login or /signup. */
function useRouteGuard(): string {
  const status = useChatStore((s) => s.authStatus)
  const pathname = usePathname()
  const target =
    status === 'unknown'
      ? pathname
      : status === 'authenticated'
        ? paths.chat
        : pathname === paths.signup
          ? paths.signup
          : paths.login
  useEffect(() => {
    if (target !== pathname) navigate(target, { replace: true })
  }, [target, pathname])
  return status === 'unknown' ? 'splash' : target
}

export function App() {
  const route = useRouteGuard()
  // The status strip sits above the screen, in the flow: the screen gets the height left.
  return (
    <div className="flex h-dvh flex-col">
      <StatusStrip />
      <div className="min-h-0 flex-1 overflow-y-auto">
        {route === 'splash' && (
          <div className="flex h-full items-center justify-center" data-testid="splash">
            <span className="loading loading-lg loading-spinner text-primary" aria-label="Loading" />
          </div>
        )}
        {route === paths.chat && <ChatRoute />}
        {route === paths.login && <LoginRoute />}
        {route === paths.signup && <SignupRoute />}
      </div>
    </div>
  )
}
