/** Measuring helpers for the benchmark: timed windows with main-thread busy time, percentiles. */

import { performance, PerformanceObserver } from 'node:perf_hooks'

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface Window {
  /** Counted items per second over the window. */
  rate: number
  /** Share of the window the main thread's event loop was busy (0..1). */
  busy: number
}

/** Counts what `count` adds up to over `seconds`, with the main thread's event-loop utilisation. */
export async function measureWindow(count: () => number, seconds: number): Promise<Window> {
  const start = count()
  const elu = performance.eventLoopUtilization()
  const t0 = performance.now()
  await sleep(seconds * 1000)
  const elapsed = (performance.now() - t0) / 1000
  return {
    rate: (count() - start) / elapsed,
    busy: performance.eventLoopUtilization(elu).utilization,
  }
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
