import { useEffect } from 'react'
import { StatusStrip } from '../components/layout/status-strip'
import { useChatStore } from '../stores/chat-store'
import { navigate, parseRoute, paths, safeNext, usePathname, useSearchParam } from './router'
import { ChatRoute } from './routes/chat'
import { LoginRoute } from './routes/login'
import { SignupRoute } from './routes/signup'

type Screen = 'splash' | 'chat' | 'login' | 'signup'

/**
 * Signed-in users live at /, /c/<id> and /u/<id>; everyone else at /login or /signup. A signed-out
 * visit to a conversation goes through /login?next=… and lands on it after sign-in.
 */
function useRouteGuard(): Screen {
  const status = useChatStore((s) => s.authStatus)
  const pathname = usePathname()
  const next = useSearchParam('next')
  const route = parseRoute(pathname)
  let screen: Screen = 'splash'
  let target: string | null = null
  if (status === 'authenticated') {
    screen = 'chat'
    if (route.name === 'login' || route.name === 'signup') target = safeNext(next) ?? paths.list
    else if (route.name === 'unknown') target = paths.list
  } else if (status === 'anonymous') {
    screen = route.name === 'signup' ? 'signup' : 'login'
    if (route.name === 'conversation' || route.name === 'person') {
      target = `${paths.login}?next=${encodeURIComponent(pathname)}`
    } else if (route.name !== 'login' && route.name !== 'signup') {
      target = paths.login
    }
  }
  useEffect(() => {
    if (target) navigate(target, { replace: true })
  }, [target])
  return screen
}

export function App() {
  const screen = useRouteGuard()
  // The status strip sits above the screen, in the flow: the screen gets the height left.
  return (
    <div className="flex h-dvh flex-col">
      <StatusStrip />
      <div className="min-h-0 flex-1 overflow-y-auto">
        {screen === 'splash' && (
          <div className="flex h-full items-center justify-center" data-testid="splash">
            <span className="loading loading-lg loading-spinner text-primary" aria-label="Loading" />
          </div>
        )}
        {screen === 'chat' && <ChatRoute />}
        {screen === 'login' && <LoginRoute />}
        {screen === 'signup' && <SignupRoute />}
      </div>
    </div>
  )
}
