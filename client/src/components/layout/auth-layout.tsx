import type { ReactNode } from 'react'
import { ThemePicker } from '../ui/theme-picker'

export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-full items-center justify-center bg-base-200 p-4">
      <div className="card w-full max-w-sm bg-base-100 shadow-md">
        <div className="card-body gap-4">
          <div className="flex items-center gap-2">
            <img src="/favicon.svg" alt="" className="size-8" />
            <h1 className="card-title flex-1 text-2xl">{title}</h1>
            <ThemePicker />
          </div>
          {children}
        </div>
      </div>
    </main>
  )
}
