/**
 * A source's numbers: counters, the last error, the last event time and the event rate. Kept apart
 * from the lifecycle so the per-frame path touches plain fields only.
 */

import type {
  SourceCounters,
  SourceError,
  SourceErrorKind,
  SourceStats,
} from '../../../shared/domain'
import { RateMeter } from '../events/rate-meter'

export class SourceMetrics {
  readonly counters: SourceCounters = {
    events: 0,
    bytes: 0,
    frames: 0,
    reconnects: 0,
    errors: 0,
    errorsByKind: {},
    evicted: 0,
    sendDropped: 0,
    duplicates: 0,
    ignored: 0,
  }
  lastError: SourceError | null = null
  lastEventAt: number | null = null
  private readonly rate = new RateMeter()

  frame(bytes: number): void {
    this.counters.frames++
    this.counters.bytes += bytes
  }

  event(at: number): void {
    this.counters.events++
    this.lastEventAt = at
    this.rate.record(at)
  }

  error(kind: SourceErrorKind, message: string, at: number): void {
    this.counters.errors++
    this.counters.errorsByKind[kind] = (this.counters.errorsByKind[kind] ?? 0) + 1
    this.lastError = { kind, message, at }
  }

  eventsPerSecond(now: number): number {
    return this.rate.rate(now)
  }

  /** A copy of the numbers, safe to hand to the UI. */
  stats(id: string, now: number): SourceStats {
    return {
      id,
      counters: { ...this.counters, errorsByKind: { ...this.counters.errorsByKind } },
      lastEventAt: this.lastEventAt,
      lastError: this.lastError,
      eventsPerSecond: this.rate.rate(now),
    }
  }
}
