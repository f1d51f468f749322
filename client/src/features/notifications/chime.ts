// A short two-note chime made with WebAudio: nothing to download, nothing to bundle.

const NOTES = [
  { hz: 880, at: 0 },
  { hz: 1320, at: 0.12 },
] as const
const NOTE_S = 0.18
const VOLUME = 0.12
/** Released after each chime so an idle tab holds no audio device. */
const SUSPEND_AFTER_MS = 600

let context: AudioContext | null = null
let suspendTimer: ReturnType<typeof setTimeout> | undefined

/** Browsers let audio start only in a page the user has interacted with; elsewhere, stay silent. */
function mayPlay(): boolean {
  const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation
  return typeof AudioContext !== 'undefined' && (activation?.hasBeenActive ?? true)
}

export function playChime(): void {
  if (!mayPlay()) return
  try {
    context ??= new AudioContext()
    const ctx = context
    void ctx.resume().catch(() => {})
    const start = ctx.currentTime + 0.02
    for (const { hz, at } of NOTES) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = 'sine'
      osc.frequency.value = hz
      gain.gain.setValueAtTime(0, start + at)
      gain.gain.linearRampToValueAtTime(VOLUME, start + at + 0.01)
      gain.gain.exponentialRampToValueAtTime(0.0001, start + at + NOTE_S)
      osc.connect(gain).connect(ctx.destination)
      osc.start(start + at)
      osc.stop(start + at + NOTE_S)
    }
    clearTimeout(suspendTimer)
    suspendTimer = setTimeout(() => void ctx.suspend().catch(() => {}), SUSPEND_AFTER_MS)
  } catch {
    // No audio output: the notification (if any) still shows.
  }
}
