/**
 * Coalesces events into batches for the UI: at most one batch per interval, never one message per
 * event. Within a batch only the newest `maxEvents` that fit in `maxBytes` travel (always at least
 * the newest); the rest are counted as dropped (they stay in the engine's buffers and history), so
 * a 50,000 events/s burst, or a burst of megabyte frames, costs the UI the same as a trickle.
 */

import type { EventBatch, SourceStats, VigilEvent } from '../../../shared/domain'
import type { Clock, TimerHandle } from '../util/clock'
import { RingBuffer } from './ring-buffer'

export interface EventBatcherOptions {
  clock: Clock
  intervalMs: number
  maxEvents: number
  /** Bytes of frames as received per batch (see RingBuffer). */
  maxBytes?: number
  /** Reads the current numbers of the sources that had activity since the last batch. */
  stats: (sourceIds: Iterable<string>) => SourceStats[]
  deliver: (batch: EventBatch) => void
}

export class EventBatcher {
  private readonly pending: RingBuffer<VigilEvent>
  private readonly touched = new Set<string>()
  /** The source of the last event added since the last batch: in `touched` already. */
  private lastSource: string | undefined
  private dropped = 0
  private timer: TimerHandle | undefined
  private lastFlushAt = -Infinity

  constructor(private readonly options: EventBatcherOptions) {
    this.pending = new RingBuffer(options.maxEvents, options.maxBytes)
  }

  add(event: VigilEvent, bytes = 0): void {
    this.dropped += this.pending.push(event, bytes)
    // Events come in runs from one source: a Set lookup per run, not per event.
    if (event.sourceId !== this.lastSource) {
      this.touched.add(event.sourceId)
      this.lastSource = event.sourceId
    }
    this.schedule()
  }

  /** Marks a source's numbers as changed without a new event (its rate fell, say). */
  touch(sourceId: string): void {
    this.touched.add(sourceId)
    this.schedule()
  }

  flush(): void {
    this.options.clock.clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending.size === 0 && this.touched.size === 0) return
    this.lastFlushAt = this.options.clock.now()
    const batch: EventBatch = {
      events: this.pending.toArray(),
      dropped: this.dropped,
      stats: this.options.stats(this.touched),
    }
    this.pending.clear()
    this.touched.clear()
    this.lastSource = undefined
    this.dropped = 0
    this.options.deliver(batch)
  }

  dispose(): void {
    this.options.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.pending.clear()
    this.touched.clear()
    this.lastSource = undefined
  }

  private schedule(): void {
    if (this.timer !== undefined) return
    const wait = Math.max(0, this.lastFlushAt + this.options.intervalMs - this.options.clock.now())
    this.timer = this.options.clock.setTimeout(() => this.flush(), wait)
  }
}
