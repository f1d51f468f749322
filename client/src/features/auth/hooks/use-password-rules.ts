import { useEffect, useState } from 'react'
import { authApi, type PasswordRules } from '../api/auth-api'

let known: PasswordRules | null = null
let loading: Promise<PasswordRules> | null = null

function loadRules(): Promise<PasswordRules> {
  loading ??= authApi.passwordRules().then(
    (rules) => (known = rules),
    (err: unknown) => {
      loading = null // try again on the next form
      throw err
    },
  )
  return loading
}

/** The server's password rules, asked once per page; null until known (or if unreachable). */
export function usePasswordRules(): PasswordRules | null {
  const [rules, setRules] = useState(known)
  useEffect(() => {
    if (known) return
    let live = true
    loadRules().then(
      (loaded) => live && setRules(loaded),
      () => {}, // the hint goes without the length; the server still names it on submit
    )
    return () => {
      live = false
    }
  }, [])
  return rules
}

/** The rules in one line, as a hint under a new-password field. */
export function passwordHint(rules: PasswordRules | null): string {
  const others = 'not a common password, not your username.'
  return rules ? `At least ${rules.min_length} characters, ${others}` : `Long, ${others}`
}
