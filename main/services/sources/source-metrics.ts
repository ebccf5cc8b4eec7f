/**
 * A source's numbers: counters, the last error, the last event time and the event rate. Kept apart
 * from the lifecycle so the per-frame path touches plain fields only.
 */

import {
  emptySourceCounters,
  type SourceCounters,
  type SourceError,
  type SourceErrorKind,
  type SourceStats,
} from '../../../shared/domain'
import type { NotStoredReason } from '../../../shared/history-status'
import { RateMeter } from '../events/rate-meter'

export class SourceMetrics {
  readonly counters: SourceCounters = emptySourceCounters()
  lastError: SourceError | null = null
  /** When reading stopped (backpressure), or null while reading. */
  private pausedSince: number | null = null
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

  error(kind: SourceErrorKind, message: string, at: number, detail?: string): void {
    this.counters.errors++
    this.counters.errorsByKind[kind] = (this.counters.errorsByKind[kind] ?? 0) + 1
    this.lastError = detail === undefined ? { kind, message, at } : { kind, message, at, detail }
  }

  /**
   * The source is open again: its last error is marked resolved. A new object, not an edit: the
   * old one may travel in an alert payload that history has yet to write.
   */
  resolveError(at: number): void {
    if (this.lastError && this.lastError.resolvedAt === undefined)
      this.lastError = { ...this.lastError, resolvedAt: at }
  }

  notStored(reason: NotStoredReason, count: number): void {
    this.counters.notStored += count
    this.counters.notStoredByReason[reason] = (this.counters.notStoredByReason[reason] ?? 0) + count
  }

  /** Reading stopped (true) or went on (false) at `at`. */
  paused(paused: boolean, at: number): void {
    if (paused) {
      this.pausedSince ??= at
      return
    }
    if (this.pausedSince === null) return
    this.counters.pausedMs += at - this.pausedSince
    this.pausedSince = null
  }

  eventsPerSecond(now: number): number {
    return this.rate.rate(now)
  }

  /** A copy of the numbers, safe to hand to the UI. */
  stats(id: string, now: number): SourceStats {
    return {
      id,
      counters: {
        ...this.counters,
        errorsByKind: { ...this.counters.errorsByKind },
        notStoredByReason: { ...this.counters.notStoredByReason },
        pausedMs: this.counters.pausedMs + (this.pausedSince === null ? 0 : now - this.pausedSince),
      },
      lastEventAt: this.lastEventAt,
      lastError: this.lastError,
      eventsPerSecond: this.rate.rate(now),
    }
  }
}
