import type { AnchorHTMLAttributes, MouseEvent } from 'react'
import { navigate } from '../../app/router'

interface AppLinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  to: string
}

/** A real link (middle-click and "open in new tab" work) that navigates in-app on a plain click. */
export function AppLink({ to, onClick, ...anchor }: AppLinkProps) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey
    if (event.defaultPrevented || event.button !== 0 || modified) return
    event.preventDefault()
    navigate(to)
  }
  return <a href={to} onClick={follow} {...anchor} />
}
