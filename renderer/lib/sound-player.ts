/**
 * The built-in sounds a trigger's `sound` action names, synthesised with the Web Audio API: no
 * audio files to ship, load or allow through the CSP. Each sound is a few shaped notes.
 *
 * Browsers start an AudioContext suspended until the user has interacted with the page, so the
 * player resumes it on the first click or key press; a cue before that is played as soon as the
 * context is allowed to run (the browser keeps the scheduled notes).
 */

import type { SoundName } from '../../shared/trigger-config'

interface Note {
  /** Hz at the start, and optionally at the end (a slide). */
  freq: number
  to?: number
  /** Seconds from the cue. */
  at: number
  duration: number
  wave: OscillatorType
  /** Peak gain, 0-1 (kept low: notifications should not startle). */
  peak: number
}

const NOTES: Readonly<Record<SoundName, readonly Note[]>> = {
  // Two soft bells, a fifth apart.
  chime: [
    { freq: 1318.5, at: 0, duration: 0.6, wave: 'sine', peak: 0.18 },
    { freq: 987.8, at: 0.16, duration: 0.8, wave: 'sine', peak: 0.16 },
  ],
  // One short, high blip.
  ping: [{ freq: 1760, at: 0, duration: 0.25, wave: 'sine', peak: 0.2 }],
  // Two firm beeps.
  alert: [
    { freq: 880, at: 0, duration: 0.16, wave: 'triangle', peak: 0.22 },
    { freq: 880, at: 0.22, duration: 0.16, wave: 'triangle', peak: 0.22 },
  ],
  // A rising and falling siren, three times.
  alarm: [0, 0.42, 0.84].map((at) => ({
    freq: 620,
    to: 1040,
    at,
    duration: 0.38,
    wave: 'sawtooth' as const,
    peak: 0.12,
  })),
}

export const SOUND_NAMES = Object.keys(NOTES) as SoundName[]

export interface SoundPlayer {
  play(name: SoundName): void
  /** Resumes audio on the first user gesture in `target` (browsers require one). */
  armOnFirstGesture(target: EventTarget): void
}

export function createSoundPlayer(
  createContext: () => AudioContext = () => new AudioContext(),
): SoundPlayer {
  let context: AudioContext | null = null

  function ready(): AudioContext | null {
    try {
      context ??= createContext()
    } catch {
      return null // no audio device or no Web Audio: sounds are a nicety, never an error
    }
    if (context.state === 'suspended') void context.resume().catch(() => {})
    return context
  }

  function play(name: SoundName): void {
    const audio = ready()
    const notes = NOTES[name]
    if (!audio || !notes) return
    const start = audio.currentTime + 0.02
    for (const note of notes) {
      const oscillator = audio.createOscillator()
      const gain = audio.createGain()
      const t0 = start + note.at
      const t1 = t0 + note.duration
      oscillator.type = note.wave
      oscillator.frequency.setValueAtTime(note.freq, t0)
      if (note.to) oscillator.frequency.linearRampToValueAtTime(note.to, t1)
      // A quick attack and an exponential tail: no clicks at either end.
      gain.gain.setValueAtTime(0.0001, t0)
      gain.gain.exponentialRampToValueAtTime(note.peak, t0 + 0.015)
      gain.gain.exponentialRampToValueAtTime(0.0001, t1)
      oscillator.connect(gain).connect(audio.destination)
      oscillator.start(t0)
      oscillator.stop(t1 + 0.05)
    }
  }

  function armOnFirstGesture(target: EventTarget): void {
    const unlock = () => {
      ready()
      target.removeEventListener('pointerdown', unlock)
      target.removeEventListener('keydown', unlock)
    }
    target.addEventListener('pointerdown', unlock)
    target.addEventListener('keydown', unlock)
  }

  return { play, armOnFirstGesture }
}

let shared: SoundPlayer | undefined

/** The one player the page uses (one AudioContext), created on first use. */
export function sharedSoundPlayer(): SoundPlayer {
  shared ??= createSoundPlayer()
  return shared
}
