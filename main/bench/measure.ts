/** Measuring helpers for the benchmark: timed windows with event-loop busy time, percentiles. */

import { performance, PerformanceObserver } from 'node:perf_hooks'

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Share of the time since `start` this thread's event loop was busy (0..1). */
export function busySince(start: ReturnType<typeof performance.eventLoopUtilization>): number {
  return performance.eventLoopUtilization(start).utilization
}

/** Latency samples in a preallocated buffer (no allocation per sample). */
export class Samples {
  private readonly values: Float64Array
  private count = 0

  constructor(capacity: number) {
    this.values = new Float64Array(capacity)
  }

  add(value: number): void {
    if (this.count < this.values.length) this.values[this.count++] = value
  }

  get size(): number {
    return this.count
  }

  percentile(p: number): number {
    if (this.count === 0) return Number.NaN
    const sorted = this.values.slice(0, this.count).sort()
    return sorted[Math.min(this.count - 1, Math.floor((p / 100) * this.count))]!
  }

  max(): number {
    let max = Number.NaN
    for (let i = 0; i < this.count; i++) if (!(this.values[i]! <= max)) max = this.values[i]!
    return max
  }
}

/** Heap in use after a full collection (run with --expose-gc), in MB. */
export function heapMb(): number {
  ;(globalThis as { gc?: () => void }).gc?.()
  return process.memoryUsage().heapUsed / 1024 / 1024
}

/** Least-squares slope of `ys` over `xs` (units of y per unit of x). */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length
  if (n < 2) return 0
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my)
    den += (xs[i]! - mx) ** 2
  }
  return den === 0 ? 0 : num / den
}

const GC_KINDS: Record<number, string> = {
  1: 'minor',
  2: 'major',
  4: 'incremental',
  8: 'weak callbacks',
}

export interface GcSummary<T> {
  result: T
  count: number
  totalMs: number
  /** The longest of each kind (minor scavenges, major mark-compacts, ...). */
  longestByKind: Record<string, number>
}

/** Garbage collections while `watch` runs, to tell latency outliers apart from the code. */
export async function gcPauses<T>(watch: () => Promise<T>): Promise<GcSummary<T>> {
  let count = 0
  let totalMs = 0
  const longestByKind: Record<string, number> = {}
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      count++
      totalMs += entry.duration
      const { detail } = entry as { detail?: { kind?: number } }
      const kind = GC_KINDS[detail?.kind ?? 0] ?? 'other'
      longestByKind[kind] = Math.max(longestByKind[kind] ?? 0, entry.duration)
    }
  })
  observer.observe({ entryTypes: ['gc'] })
  try {
    const result = await watch()
    return { result, count, totalMs, longestByKind }
  } finally {
    observer.disconnect()
  }
}
