import { linkify } from '../../../lib/linkify'
import { splitMentions } from '../../../lib/mentions'

interface MessageTextProps {
  text: string
  /** Lower-cased usernames of the conversation's people → whether it is us: their @names stand out. */
  usernames?: ReadonlyMap<string, boolean>
}

const NOBODY: ReadonlyMap<string, boolean> = new Map()

// Links open in a new tab without giving it access to this page (noopener) or our URL.
export function MessageText({ text, usernames = NOBODY }: MessageTextProps) {
  return (
    <>
      {linkify(text).map((part, i) =>
        part.kind === 'link' ? (
          <a
            key={i}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="link break-all"
          >
            {part.text}
          </a>
        ) : (
          <span key={i}>
            {splitMentions(part.text, usernames).map((p, j) =>
              p.kind === 'mention' ? (
                <span
                  key={j}
                  data-testid="mention"
                  data-self={p.self ? 'true' : undefined}
                  // Bold, ours also underlined: both keep the bubble's own text colour (contrast).
                  className={`font-semibold ${p.self ? 'underline decoration-warning decoration-2 underline-offset-2' : ''}`}
                >
                  {p.text}
                </span>
              ) : (
                p.text
              ),
            )}
          </span>
        ),
      )}
    </>
  )
}
