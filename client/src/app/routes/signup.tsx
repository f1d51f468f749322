import { AuthLayout } from '../../components/layout/auth-layout'
import { SignupForm } from '../../features/auth/components/signup-form'
import { paths } from '../router'
import { AuthSwitch } from './auth-switch'

export function SignupRoute() {
  return (
    <AuthLayout title="Create account">
      <SignupForm />
      <AuthSwitch question="Already have an account?" to={paths.login} testId="to-login" label="Sign in" />
    </AuthLayout>
  )
}
