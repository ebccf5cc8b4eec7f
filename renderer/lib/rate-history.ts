/**
 * A short per-source history of events per second, for the sparklines. The engine sends a source's
 * rate only when it changes (with the event batches), so the history keeps change points, one per
 * second at most, and a series is read by carrying each value forward to the next point.
 */

/** How many seconds a sparkline spans. */
export const RATE_HISTORY_SECONDS = 60

export interface RatePoint {
  /** Whole seconds since the epoch (local clock). */
  second: number
  rate: number
}

/**
 * The history with `rate` recorded at `atMs`: the same array when nothing changed (so callers can
 * skip a re-render), else a new one with points older than the span dropped, keeping the one
 * that still sets the value at the start of the span.
 */
export function recordRate(
  history: readonly RatePoint[],
  atMs: number,
  rate: number,
  spanSeconds = RATE_HISTORY_SECONDS,
): readonly RatePoint[] {
  const second = Math.floor(atMs / 1000)
  const last = history.at(-1)
  if (last && last.rate === rate) return history
  const next = last && last.second === second ? history.slice(0, -1) : history.slice()
  next.push({ second, rate })
  const start = second - spanSeconds
  let drop = 0
  while (drop + 1 < next.length && next[drop + 1]!.second <= start) drop++
  return drop > 0 ? next.slice(drop) : next
}

/**
 * One value per second for the `spanSeconds` seconds up to `nowMs`, oldest first. Seconds before
 * the first point read 0: nothing was known to arrive then.
 */
export function rateSeries(
  history: readonly RatePoint[] | undefined,
  nowMs: number,
  spanSeconds = RATE_HISTORY_SECONDS,
): number[] {
  const now = Math.floor(nowMs / 1000)
  const series = new Array<number>(spanSeconds).fill(0)
  if (!history || history.length === 0) return series
  let index = 0
  let value = 0
  for (let i = 0; i < spanSeconds; i++) {
    const second = now - spanSeconds + 1 + i
    while (index < history.length && history[index]!.second <= second)
      value = history[index++]!.rate
    series[i] = value
  }
  return series
}
