import { AuthLayout } from '../../components/layout/auth-layout'
import { LoginForm } from '../../features/auth/components/login-form'
import { paths } from '../router'
import { AuthSwitch } from './auth-switch'

export function LoginRoute() {
  return (
    <AuthLayout title="Sign in">
      <LoginForm />
      <AuthSwitch question="No account yet?" to={paths.signup} testId="to-signup" label="Create one" />
    </AuthLayout>
  )
}
