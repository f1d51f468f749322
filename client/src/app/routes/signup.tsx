import { AuthLayout } from '../../components/layout/auth-layout'
import { SignupForm } from '../../features/auth/components/signup-form'
import { navigate, paths } from '../router'

export function SignupRoute() {
  return (
    <AuthLayout title="Create account">
      <SignupForm />
      <p className="text-center text-sm">
        Already have an account?{' '}
        <a
          href={paths.login}
          className="link link-primary"
          data-testid="to-login"
          onClick={(e) => {
            e.preventDefault()
            navigate(paths.login)
          }}
        >
          Sign in
        </a>
      </p>
    </AuthLayout>
  )
}
