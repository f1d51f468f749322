import type { SVGProps } from 'react'

type SvgProps = SVGProps<SVGSVGElement>

export interface IconProps {
  /** Size (and colour) classes; size-5 when absent. */
  className?: string
}

/** A 24-unit icon hidden from assistive technology: the control or text beside it names it. */
function Svg({ className = 'size-5', ...props }: SvgProps) {
  return <svg className={className} viewBox="0 0 24 24" aria-hidden="true" {...props} />
}

/** Drawn with 2-unit lines in the text colour. */
function Lines(props: SvgProps) {
  return <Svg fill="none" stroke="currentColor" strokeWidth="2" {...props} />
}

/** Lines with round ends. */
function RoundEnds(props: SvgProps) {
  return <Lines strokeLinecap="round" {...props} />
}

/** Lines with round ends and round corners. */
function RoundLines(props: SvgProps) {
  return <Lines strokeLinecap="round" strokeLinejoin="round" {...props} />
}

export function SunIcon({ className }: IconProps) {
  return (
    <RoundEnds className={className}>
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
    </RoundEnds>
  )
}

export function MoonIcon({ className }: IconProps) {
  return (
    <RoundEnds className={className}>
      <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z" />
    </RoundEnds>
  )
}

/** A screen: the system's choice. */
export function MonitorIcon({ className }: IconProps) {
  return (
    <RoundEnds className={className}>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4" />
    </RoundEnds>
  )
}

/** A magnifying glass. */
export function SearchIcon({ className }: IconProps) {
  return (
    <Lines className={className}>
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </Lines>
  )
}

/** A chevron pointing left. */
export function BackIcon({ className }: IconProps) {
  return (
    <Lines className={className}>
      <path d="M15 18l-6-6 6-6" />
    </Lines>
  )
}

/** A bold check mark (Save). */
export function CheckIcon({ className }: IconProps) {
  return (
    <Lines className={className} strokeWidth="2.5">
      <path d="M5 12.5l4.5 4.5L19 7.5" />
    </Lines>
  )
}

/** A paper plane. */
export function SendIcon({ className }: IconProps) {
  return (
    <Svg className={className} fill="currentColor">
      <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
    </Svg>
  )
}

/** Three dots in a row: more actions. */
export function MoreIcon({ className }: IconProps) {
  return (
    <Svg className={className} fill="currentColor">
      <circle cx="5" cy="12" r="1.8" />
      <circle cx="12" cy="12" r="1.8" />
      <circle cx="19" cy="12" r="1.8" />
    </Svg>
  )
}

/** Three dots in a column: a menu. */
export function MenuDotsIcon({ className }: IconProps) {
  return (
    <RoundLines className={className} strokeWidth={3}>
      <path d="M12 5.5v.01M12 12v.01M12 18.5v.01" />
    </RoundLines>
  )
}

export function LockIcon({ className }: IconProps) {
  return (
    <RoundLines className={className}>
      <path d="M6 11h12v9H6zM8 11V8a4 4 0 0 1 8 0v3" />
    </RoundLines>
  )
}

export function ShieldIcon({ className }: IconProps) {
  return (
    <RoundLines className={className}>
      <path d="M12 3l7 3v5c0 4.5-3 8.5-7 10-4-1.5-7-5.5-7-10V6z" />
    </RoundLines>
  )
}

/** A laptop and a phone. */
export function DevicesIcon({ className }: IconProps) {
  return (
    <RoundLines className={className}>
      <path d="M3 5h13v9H3zM1 17h17M19 8h4v11h-4z" />
    </RoundLines>
  )
}

/** An arrow leaving a door. */
export function SignOutIcon({ className }: IconProps) {
  return (
    <RoundLines className={className}>
      <path d="M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3M10 17l5-5-5-5M15 12H3" />
    </RoundLines>
  )
}

/** Something waits (a message or a change not yet on the server). */
export function ClockIcon({ className }: IconProps) {
  return (
    <RoundLines className={className}>
      <circle cx="12" cy="12" r="8" />
      <path d="M12 8v4l2.5 2" />
    </RoundLines>
  )
}

/** One tick: sent. */
export function TickIcon({ className }: IconProps) {
  return (
    <RoundLines className={className}>
      <path d="M5 12.5l4.5 4.5L19 7.5" />
    </RoundLines>
  )
}

/** Two ticks: delivered, or read when coloured. */
export function DoubleTickIcon({ className }: IconProps) {
  return (
    <RoundLines className={className}>
      <path d="M2 12.5l4.5 4.5L16 7.5" />
      <path d="M10.5 16l1 1L21 7.5" />
    </RoundLines>
  )
}

/** A person with a plus: a new group. */
export function AddPeopleIcon({ className }: IconProps) {
  return (
    <RoundEnds className={className}>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 19.5a6.5 6.5 0 0 1 13 0M18 8v6M15 11h6" />
    </RoundEnds>
  )
}

/** Two people: a group's members. */
export function PeopleIcon({ className }: IconProps) {
  return (
    <RoundEnds className={className}>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 19.5a6.5 6.5 0 0 1 13 0M16 4.5a3.5 3.5 0 0 1 0 7M18 14a6.5 6.5 0 0 1 3.5 5.5" />
    </RoundEnds>
  )
}

/** A bell: notifications. */
export function BellIcon({ className }: IconProps) {
  return (
    <RoundLines className={className}>
      <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15zM10 20.5a2 2 0 0 0 4 0" />
    </RoundLines>
  )
}

/** A bell struck through: muted. */
export function BellOffIcon({ className }: IconProps) {
  return (
    <RoundLines className={className}>
      <path d="M6 16V11a6 6 0 0 1 9.5-4.9M18 11v5l1.5 2h-15M10 20.5a2 2 0 0 0 4 0M3 3l18 18" />
    </RoundLines>
  )
}

/** A pencil: edit. */
export function PencilIcon({ className }: IconProps) {
  return (
    <RoundLines className={className}>
      <path d="M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4" />
    </RoundLines>
  )
}

/** A paperclip: attach a file. */
export function PaperclipIcon({ className }: IconProps) {
  return (
    <RoundEnds className={className} strokeLinejoin="round">
      <path d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7l9-9a3.5 3.5 0 0 1 5 5l-9 9a2 2 0 0 1-3-3l8-8" />
    </RoundEnds>
  )
}

/** A page with a folded corner: a file. */
export function FileIcon({ className }: IconProps) {
  return (
    <RoundEnds className={className} strokeLinejoin="round">
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
      <path d="M14 3v5h5" />
    </RoundEnds>
  )
}

/** A framed landscape: a picture. */
export function PictureIcon({ className }: IconProps) {
  return (
    <RoundEnds className={className} strokeLinejoin="round">
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <circle cx="9" cy="10" r="2" />
      <path d="M21 16l-5-5-9 9" />
    </RoundEnds>
  )
}
