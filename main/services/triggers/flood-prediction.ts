/**
 * How many notifications an hour a trigger would send if the recent rate went on: the flood
 * guard the UI shows when a trigger is saved. It extrapolates the backtest's window (matches over
 * its time span) and then applies what noise control does to a steady stream, worked out rather
 * than simulated, so it costs nothing however high the rate:
 *
 * - dedupe removes the share of matches it removed in the window;
 * - a cooldown lets through at most one firing per cooldown per key seen in the window;
 * - a rate limit lets through `maxPerMinute` a minute, plus one digest a minute while it holds
 *   matches back;
 * - each firing shows as many notifications as it runs notify actions.
 *
 * Snooze and quiet hours are left out: they end, and a trigger that floods at noon floods.
 */

import type { FloodPrediction } from '../../../shared/trigger-views'
import type { NoiseSettings } from './noise-control'

const HOUR_MS = 3_600_000

export interface FloodInput {
  events: number
  /** From the oldest to the newest scanned event (ms). */
  spanMs: number
  matched: number
  /** Firings before noise control: the matches, or an absence trigger's silences. */
  occurrences: number
  /** Of those, how many dedupe suppressed. */
  deduped: number
  /** Distinct cooldown keys among them (1 without a key). */
  cooldownKeys: number
  /** Notify actions a firing runs, on average. */
  notifiesPerFiring: number
  noise: Pick<NoiseSettings, 'cooldownMs' | 'maxPerMinute'>
}

export interface Flood {
  perHour: number | null
  prediction: FloodPrediction
}

export function predictFlood(input: FloodInput): Flood {
  const { noise } = input
  const cooldownCap =
    noise.cooldownMs === undefined
      ? Number.POSITIVE_INFINITY
      : (Math.max(1, input.cooldownKeys) * HOUR_MS) / noise.cooldownMs
  const rateCap =
    noise.maxPerMinute === undefined ? Number.POSITIVE_INFINITY : noise.maxPerMinute * 60
  const limit = Math.min(cooldownCap, rateCap)
  const known = input.events >= 2 && input.spanMs > 0
  const perHour = known ? (input.occurrences * HOUR_MS) / input.spanMs : 0
  const prediction: FloodPrediction = {
    events: input.events,
    matched: input.matched,
    spanMs: input.spanMs,
    matchesPerHour: round(perHour),
    limitPerHour: Number.isFinite(limit) ? round(limit) : null,
  }
  if (!known) return { perHour: null, prediction }
  const kept = input.occurrences === 0 ? 0 : 1 - input.deduped / input.occurrences
  const offered = Math.min(perHour * kept, cooldownCap)
  const firings = Math.min(offered, rateCap)
  // A minute in which the rate limit held something back ends with a digest.
  const digests = offered > rateCap && input.notifiesPerFiring > 0 ? 60 : 0
  return { perHour: round(firings * input.notifiesPerFiring + digests), prediction }
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
