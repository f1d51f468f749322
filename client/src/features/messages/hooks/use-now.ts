import { useEffect, useState } from 'react'

/** The time now, as of the last tick of `intervalMs` (e.g. for "may still be edited"). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}
