import { useEffect } from 'react'
import { useChatStore } from '../../../stores/chat-store'
import { selectUnreadTotal } from '../../../stores/selectors'

const TITLE = 'Chat'

/** "(3) Chat" while anything is unread; plain "Chat" otherwise and after sign-out. */
export function useUnreadTitle(): void {
  const total = useChatStore(selectUnreadTotal)
  useEffect(() => {
    document.title = total > 0 ? `(${total}) ${TITLE}` : TITLE
  }, [total])
  useEffect(
    () => () => {
      document.title = TITLE
    },
    [],
  )
}
