/**
 * The flood guard on save: the backtest's prediction of notifications an hour at the recent rate
 * (the engine works it out, noise control included; see FloodPrediction), a warning above
 * FLOOD_PER_HOUR, and the two one-click remedies the save dialog offers.
 */

import type { BacktestReport } from '../../shared/trigger-views'
import type { Draft } from './trigger-draft'

/** More notifications an hour than this at the recent rate is a flood worth a question. */
export const FLOOD_PER_HOUR = 30
/** The cooldown offered: one firing every two minutes is FLOOD_PER_HOUR an hour. */
export const FLOOD_COOLDOWN_SECONDS = 3_600 / FLOOD_PER_HOUR
/** The rate limit offered: one a minute, and a digest of the rest. */
export const FLOOD_RATE_LIMIT = 1

export interface FloodWarning {
  perHour: number
  /** Matches in the scanned window, and over how long. */
  matched: number
  events: number
  spanMs: number
}

/** A single shot fires once, however often it matches: it cannot flood. */
export function floodWarning(
  report: BacktestReport,
  draft: Pick<Draft, 'mode'>,
): FloodWarning | null {
  if (draft.mode === 'single-shot') return null
  const perHour = report.predictedPerHour
  if (perHour === null || perHour <= FLOOD_PER_HOUR) return null
  const { matched, events, spanMs } = report.prediction
  return { perHour, matched, events, spanMs }
}

/** What decides how often a trigger notifies. */
function rateShape(draft: Draft): string {
  const { sources, events, condition, mode, noise, actions } = draft
  return JSON.stringify({ sources, events, condition, mode, noise, actions })
}

/**
 * Whether saving `draft` over `saved` (the trigger as last saved; null for a new one) needs the
 * flood check: a new trigger does, and one whose rate can have changed; saving again what the user
 * already saved (a name, a template) does not ask a second time.
 */
export function needsFloodCheck(draft: Draft, saved: Draft | null): boolean {
  if (draft.mode === 'single-shot') return false
  return saved === null || rateShape(draft) !== rateShape(saved)
}

/** A cooldown of FLOOD_COOLDOWN_SECONDS for the whole trigger (a longer one stays). */
export function withFloodCooldown(draft: Draft): Draft {
  const seconds = Math.max(draft.noise.cooldown?.seconds ?? 0, FLOOD_COOLDOWN_SECONDS)
  return { ...draft, noise: { ...draft.noise, cooldown: { seconds } } }
}

/** A rate limit of FLOOD_RATE_LIMIT a minute (a lower one stays). */
export function withFloodRateLimit(draft: Draft): Draft {
  const perMinute = Math.min(draft.noise.maxPerMinute ?? FLOOD_RATE_LIMIT, FLOOD_RATE_LIMIT)
  return { ...draft, noise: { ...draft.noise, maxPerMinute: perMinute } }
}

/** "36 notifications in 35 seconds" as a span a reader takes in: "35 s", "4 min", "2.5 h". */
export function spanWords(ms: number): string {
  const seconds = ms / 1_000
  if (seconds < 120) return `${Math.max(1, Math.round(seconds))} s`
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min`
  return `${Math.round(seconds / 360) / 10} h`
}
