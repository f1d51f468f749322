import { navigate } from '../router'

interface AuthSwitchProps {
  question: string
  to: string
  testId: string
  label: string
}

/** "No account yet? Create one" under an auth form: an in-app link, no page load. */
export function AuthSwitch({ question, to, testId, label }: AuthSwitchProps) {
  return (
    <p className="text-center text-sm">
      {question}{' '}
      <a
        href={to}
        className="link text-primary-ink"
        data-testid={testId}
        onClick={(e) => {
          e.preventDefault()
          navigate(to)
        }}
      >
        {label}
      </a>
    </p>
  )
}
