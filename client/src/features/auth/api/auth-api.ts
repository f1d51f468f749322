import { api } from '../../../lib/api-client'
import type { Gender, SignedIn } from '../../../types/api'

export interface LoginInput {
  username: string
  password: string
}

export interface SignupInput extends LoginInput {
  full_name: string
  confirm_password: string
  gender?: Gender
}

export interface PasswordChangeInput {
  current_password: string
  new_password: string
}

/** GET /api/auth/password-rules: the length a new password needs (PASSWORD_MIN_LENGTH on the server). */
export interface PasswordRules {
  min_length: number
  max_length: number
}

export const authApi = {
  login: (input: LoginInput) => api.post<SignedIn>('/api/auth/login', input),
  signup: (input: SignupInput) => api.post<SignedIn>('/api/auth/signup', input),
  logout: () => api.post<{ ok: boolean }>('/api/auth/logout'),
  me: () => api.get<SignedIn>('/api/auth/me'),
  changePassword: (input: PasswordChangeInput) => api.post<SignedIn>('/api/auth/password', input),
  passwordRules: () => api.get<PasswordRules>('/api/auth/password-rules'),
}
