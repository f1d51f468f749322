// The browser's Notification permission, or 'unsupported' where there is no Notification API
// (iOS Safari outside an installed app, old browsers).

export type NotificationAccess = NotificationPermission | 'unsupported'

export function notificationAccess(): NotificationAccess {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
}

/** Asks the browser; call from a user gesture only (browsers ignore or penalise other asks). */
export async function requestNotificationAccess(): Promise<NotificationAccess> {
  if (typeof Notification === 'undefined') return 'unsupported'
  return Notification.requestPermission()
}
