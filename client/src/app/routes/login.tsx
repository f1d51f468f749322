import { AuthLayout } from '../../components/layout/auth-layout'
import { LoginForm } from '../../features/auth/components/login-form'
import { navigate, paths } from '../router'

export function LoginRoute() {
  return (
    <AuthLayout title="Sign in">
      <LoginForm />
      <p className="text-center text-sm">
        No account yet?{' '}
        <a
          href={paths.signup}
          className="link link-primary"
          data-testid="to-signup"
          onClick={(e) => {
            e.preventDefault()
            navigate(paths.signup)
          }}
        >
          Create one
        </a>
      </p>
    </AuthLayout>
  )
}
