/**
 * Durations in the source form are typed in seconds or minutes (issue 17); the config keeps
 * milliseconds. The form's model stays the milliseconds as text (empty: the default), so the
 * conversion lives only where the field is shown.
 */

export interface DurationUnit {
  id: 's' | 'min'
  ms: number
  label: string
}

export const DURATION_UNITS: readonly DurationUnit[] = [
  { id: 's', ms: 1_000, label: 'seconds' },
  { id: 'min', ms: 60_000, label: 'minutes' },
]

const SECONDS = DURATION_UNITS[0]!
const MINUTES = DURATION_UNITS[1]!

/** The unit a duration reads best in: whole minutes in minutes, anything else in seconds. */
export function unitFor(ms: number): DurationUnit {
  return ms >= MINUTES.ms && ms % MINUTES.ms === 0 ? MINUTES : SECONDS
}

export function unitById(id: string): DurationUnit {
  return DURATION_UNITS.find((unit) => unit.id === id) ?? SECONDS
}

/** Milliseconds as text (the model) in a unit: `90000` in seconds is `90`; '' stays ''. */
export function amountIn(msText: string, unit: DurationUnit): string {
  const trimmed = msText.trim()
  if (trimmed === '') return ''
  const ms = Number(trimmed)
  if (!/^-?\d+$/.test(trimmed) || !Number.isFinite(ms)) return trimmed
  // Up to three decimals, so 1,500 ms reads 1.5 s and never 1.5000000000000002.
  return String(Math.round((ms / unit.ms) * 1_000) / 1_000)
}

/**
 * What an amount typed in a unit is in milliseconds, as the model's text. A number that is not
 * one ("soon", "1,5") is handed on as typed, for the form's check to name.
 */
export function msFrom(amountText: string, unit: DurationUnit): string {
  const trimmed = amountText.trim()
  if (trimmed === '') return ''
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return trimmed
  return String(Math.round(Number(trimmed) * unit.ms))
}
