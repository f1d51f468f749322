/** The reactions offered first, in the actions menu. */
export const QUICK_EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const

/** The rest of the small picker (the server accepts any single emoji). */
export const MORE_EMOJI = [
  '🎉',
  '🔥',
  '👏',
  '😊',
  '😍',
  '🤔',
  '😅',
  '🙌',
  '👀',
  '💯',
  '✅',
  '❌',
  '😎',
  '🥳',
  '😡',
  '🤝',
  '👋',
  '💪',
  '🙈',
  '☕',
  '🍕',
  '🚀',
  '⭐',
  '💡',
] as const
