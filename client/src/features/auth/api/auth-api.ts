import { api } from '../../../lib/api-client'
import type { Gender, User } from '../../../types/api'

export interface LoginInput {
  username: string
  password: string
}

export interface SignupInput extends LoginInput {
  full_name: string
  confirm_password: string
  gender?: Gender
}

export const authApi = {
  login: (input: LoginInput) => api.post<{ user: User }>('/api/auth/login', input),
  signup: (input: SignupInput) => api.post<{ user: User }>('/api/auth/signup', input),
  logout: () => api.post<{ ok: boolean }>('/api/auth/logout'),
  me: () => api.get<{ user: User }>('/api/auth/me'),
}
