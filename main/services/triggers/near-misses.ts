/**
 * "Why didn't it fire": per trigger, the most recent events of its types that failed its
 * condition. Recording is on the hot path, so it only stores the event (and, for conditions using
 * `changed`, the previous values it was compared with); the failing leaf is worked out when
 * someone asks.
 *
 * A ring holds at most 50 events and at most its share of a byte budget shared by all triggers
 * (events sized by their frames as received), always the newest: near-misses of megabyte events
 * keep a few, not fifty per trigger.
 */

import { eventOf, type KeptEvent } from '../events/kept-event'
import type { CompiledCondition, Snapshot } from '../../../shared/conditions/compile'
import type { NearMiss, NearMissReport } from '../../../shared/trigger-views'
import { ConditionSummaryBuilder } from './condition-summary'

export const NEAR_MISSES_PER_TRIGGER = 50
/** Bytes all near-miss rings may hold together, shared out evenly... */
export const NEAR_MISS_BUDGET_BYTES = 32 * 1024 * 1024
/** ...but never less than this per trigger. */
export const MIN_NEAR_MISS_BYTES = 64 * 1024

/** Each trigger's share of the budget when there are `triggers` of them. */
export function nearMissShare(triggers: number): number {
  return Math.max(MIN_NEAR_MISS_BYTES, Math.floor(NEAR_MISS_BUDGET_BYTES / Math.max(1, triggers)))
}

export class NearMissRing {
  /** As the recent-events ring keeps them (kept-event.ts): read back only to explain. */
  private readonly events: (KeptEvent | undefined)[]
  /** Only for conditions using `changed` (the others have nothing to snapshot). */
  private readonly snapshots: Snapshot[] | undefined
  private readonly sizes: Float64Array
  private next = 0
  private count = 0
  private held = 0

  constructor(
    stateful: boolean,
    private maxBytes = NEAR_MISS_BUDGET_BYTES,
    private readonly capacity = NEAR_MISSES_PER_TRIGGER,
  ) {
    this.events = new Array<KeptEvent | undefined>(capacity)
    this.snapshots = stateful ? new Array<Snapshot>(capacity) : undefined
    this.sizes = new Float64Array(capacity)
  }

  get bytes(): number {
    return this.held
  }

  setMaxBytes(maxBytes: number): void {
    this.maxBytes = maxBytes
    this.trim()
  }

  record(event: KeptEvent, snapshot: Snapshot, bytes = 0): void {
    const slot = this.next
    // A full ring overwrites its oldest.
    if (this.count === this.capacity) this.held -= this.sizes[slot]!
    else this.count++
    this.events[slot] = event
    if (this.snapshots !== undefined) this.snapshots[slot] = snapshot
    this.sizes[slot] = bytes
    this.held += bytes
    if (++this.next === this.capacity) this.next = 0
    if (this.held > this.maxBytes) this.trim()
  }

  /**
   * `record` of `count` events without snapshots, oldest first, read from another ring of
   * `length` slots from `first` on (a candidate list's ring of recent events, value-index.ts): one
   * call rather than one per event, and one trim at the end, which keeps what trimming after each
   * event would have kept (the newest that fit the count and the bytes, at least the newest).
   */
  recordRun(
    events: readonly (KeptEvent | undefined)[],
    sizes: Float64Array,
    first: number,
    count: number,
    length: number,
  ): void {
    let from = first
    let slot = this.next
    for (let i = 0; i < count; i++) {
      if (this.count === this.capacity) this.held -= this.sizes[slot]!
      else this.count++
      this.events[slot] = events[from]
      if (this.snapshots !== undefined) this.snapshots[slot] = undefined
      const bytes = sizes[from]!
      this.sizes[slot] = bytes
      this.held += bytes
      if (++slot === this.capacity) slot = 0
      if (++from === length) from = 0
    }
    this.next = slot
    if (this.held > this.maxBytes) this.trim()
  }

  /** Newest first, explained against `condition`. */
  report(condition: CompiledCondition): NearMiss[] {
    return this.explain(condition).nearMisses
  }

  /** The same, with a summary per condition leaf over the same events. */
  explain(condition: CompiledCondition): NearMissReport {
    const out: NearMiss[] = []
    const summary = new ConditionSummaryBuilder()
    for (let i = 1; i <= this.count; i++) {
      const slot = (this.next - i + this.capacity) % this.capacity
      const event = this.events[slot]!
      const explanation = condition.explain(eventOf(event), this.snapshots?.[slot])
      summary.add(explanation)
      const { failing } = explanation
      out.push({
        eventId: event.id,
        sourceId: event.sourceId,
        type: event.type,
        receivedAt: event.receivedAt,
        failing: failing ?? null,
      })
    }
    return { nearMisses: out, summary: summary.result() }
  }

  /** Drops the oldest until the ring fits its bytes, keeping the newest whatever its size. */
  private trim(): void {
    while (this.held > this.maxBytes && this.count > 1) {
      const oldest = (this.next - this.count + this.capacity) % this.capacity
      this.held -= this.sizes[oldest]!
      this.events[oldest] = undefined
      if (this.snapshots !== undefined) this.snapshots[oldest] = undefined
      this.count--
    }
  }
}
