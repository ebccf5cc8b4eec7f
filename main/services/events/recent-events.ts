/**
 * The recent events kept in memory, for the live view, the REST API and backtests: a ring per
 * source, bounded in count and in bytes of frames as received, plus one for Vigil's own alerts
 * (the `vigil` source). An event its source's ring drops to make room is counted in that source's
 * `evicted` counter; history keeps it.
 */

import type { EventQuery, SourceCounters, VigilEvent } from '../../../shared/domain'
import { VIGIL_SOURCE_ID } from '../../../shared/source-ids'
import type { PayloadPlace } from '../presets/preset'
import { eventOf, keptOf, type KeptEvent } from './kept-event'
import { RingBuffer } from './ring-buffer'

/** Vigil's own alerts kept in memory (they are rare: one per outage and recovery). */
const VIGIL_RECENT = 1_000

/** One source's ring, and the counters its evictions are counted in. */
export class SourceRecent {
  constructor(
    readonly ring: RingBuffer<KeptEvent>,
    private readonly counters: Pick<SourceCounters, 'evicted'> | undefined,
  ) {}

  /**
   * Keeps `event` (of `bytes`, its share of its frame), dropping the oldest past the bounds: as
   * its frame's `text` when the payload's `place` in it is known (see kept-event.ts), else as is;
   * answers it as kept, for the trigger engine's rings to hold the same.
   */
  keep(event: VigilEvent, bytes: number, text?: string, place?: PayloadPlace): KeptEvent {
    const kept = keptOf(event, text, place)
    this.evicted(this.ring.push(kept, bytes))
    return kept
  }

  /** The newest events, newest first, optionally of one type, at most `limit`. */
  newest(limit: number, type?: string): VigilEvent[] {
    return this.ring
      .newest(limit, type === undefined ? undefined : (kept) => kept.type === type)
      .map(eventOf)
  }

  /** A new byte budget; what no longer fits goes at once. */
  setMaxBytes(bytes: number): void {
    this.evicted(this.ring.setMaxBytes(bytes))
  }

  private evicted(count: number): void {
    if (count > 0 && this.counters) this.counters.evicted += count
  }
}

export class RecentEvents {
  private readonly bySource = new Map<string, SourceRecent>()
  private readonly vigil = new SourceRecent(new RingBuffer(VIGIL_RECENT), undefined)
  // Events come in runs from one source: the last answer is usually the next one.
  private lastId: string | undefined
  private last: SourceRecent | undefined

  /** At most `perSource` events and `bytesPerSource` bytes of frames per source. */
  constructor(
    private readonly perSource: number,
    private bytesPerSource: number,
  ) {}

  addSource(id: string, counters: Pick<SourceCounters, 'evicted'>): void {
    this.bySource.set(
      id,
      new SourceRecent(new RingBuffer(this.perSource, this.bytesPerSource), counters),
    )
    this.lastId = undefined
  }

  removeSource(id: string): void {
    this.bySource.delete(id)
    this.lastId = undefined
  }

  /** The ring of a source (the `vigil` source's too); undefined for a source that is not known. */
  of(sourceId: string): SourceRecent | undefined {
    if (sourceId === this.lastId) return this.last
    const recent = sourceId === VIGIL_SOURCE_ID ? this.vigil : this.bySource.get(sourceId)
    if (recent !== undefined) {
      this.lastId = sourceId
      this.last = recent
    }
    return recent
  }

  /** A new byte budget per source; what no longer fits goes at once, counted as evicted. */
  setBudget(bytesPerSource: number): void {
    this.bytesPerSource = bytesPerSource
    for (const recent of this.bySource.values()) recent.setMaxBytes(bytesPerSource)
  }

  /** Recent events newest first, across sources or for one. */
  newest(query: EventQuery = {}): VigilEvent[] {
    const limit = query.limit ?? 100
    const filter =
      query.type === undefined ? undefined : (kept: KeptEvent) => kept.type === query.type
    if (query.source !== undefined) {
      const recent = this.of(query.source)
      return recent ? recent.newest(limit, query.type) : []
    }
    // Each ring is newest-first already; merging by id keeps the global order. Only the events
    // returned are parsed again.
    const rings = [this.vigil, ...this.bySource.values()].map(({ ring }) => ring)
    return rings
      .map((ring) => ring.newest(limit, filter))
      .flat()
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
      .map(eventOf)
  }
}
