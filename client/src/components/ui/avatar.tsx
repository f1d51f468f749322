import { initials } from '../../lib/format'
import type { User } from '../../types/api'

const sizes = { sm: 'size-9 text-sm', md: 'size-11 text-base', lg: 'size-14 text-lg' } as const

/** FNV-1a: ids that differ in one character still get far-apart hues. */
function hue(seed: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193)
  return (h >>> 0) % 360
}

/** Pictures of our own server only (anything else would tell a third party who looks). */
const OWN_PICTURE = /^\/api\/avatars\/[0-9a-f]+$/

interface AvatarProps {
  user: Pick<User, 'id' | 'username' | 'full_name'> & { avatar_url?: string | null }
  size?: keyof typeof sizes
  online?: boolean
  /** A group's: a rounded square, so that it does not pass for a person. */
  square?: boolean
}

/** The user's picture when they set one, else initials on a colour derived from the user id
 *  (nothing fetched). One lightness for every hue keeps the white initials at 5:1 or more
 *  (WCAG 1.4.3). */
export function Avatar({ user, size = 'md', online = false, square = false }: AvatarProps) {
  const picture = user.avatar_url && OWN_PICTURE.test(user.avatar_url) ? user.avatar_url : null
  return (
    <span className="relative inline-flex shrink-0" aria-hidden="true">
      {picture ? (
        <img
          src={picture}
          alt=""
          data-testid="avatar-picture"
          className={`${sizes[size]} rounded-full bg-base-300 object-cover`}
        />
      ) : (
        <Initials user={user} size={size} square={square} />
      )}
      {online && (
        <span
          data-testid="online-dot"
          className="absolute right-0 bottom-0 size-3 rounded-full bg-success ring-2 ring-base-100"
        />
      )}
    </span>
  )
}

function Initials({ user, size, square }: Required<Omit<AvatarProps, 'online'>>) {
  return (
    <span
      className={`${sizes[size]} inline-flex items-center justify-center ${square ? 'rounded-xl' : 'rounded-full'} font-semibold text-white select-none`}
      style={{ backgroundColor: `oklch(52% 0.14 ${hue(user.id + user.username)})` }}
    >
      {initials(user.full_name, user.username)}
    </span>
  )
}

/** A group's avatar: the initials of its title on a colour of its id. */
export function GroupAvatar({
  id,
  title,
  size = 'md',
}: {
  id: string
  title: string
  size?: keyof typeof sizes
}) {
  return <Avatar user={{ id, username: title, full_name: title }} size={size} square />
}
