import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { restoreSession, sessionExpired } from '../features/auth/api/session'
import { startNotifications } from '../features/notifications/notify'
import { startThemeSync } from '../features/settings/api/theme-sync'
import { onUnauthorized } from '../lib/api-client'
import { getSocket } from '../lib/socket'
import { startTheme } from '../lib/theme'
import { persistActions } from '../realtime/action-storage'
import { bindSocket } from '../realtime/bind-socket'
import { persistOutbox } from '../realtime/outbox-storage'
import { App } from './app'
import { seedListEntry } from './router'
import './index.css'

seedListEntry()
startTheme()
startThemeSync()
startNotifications()
persistOutbox(window.localStorage)
persistActions(window.localStorage)
bindSocket(getSocket())
onUnauthorized(sessionExpired)
void restoreSession()

const root = document.getElementById('root')
if (!root) throw new Error('#root is missing from index.html')

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
