/**
 * The recent events kept in memory, for the live view, the REST API and backtests: a ring per
 * source, bounded in count and in bytes of frames as received, plus one for Vigil's own alerts
 * (the `vigil` source). An event its source's ring drops to make room is counted in that source's
 * `evicted` counter; history keeps it.
 */

import type { EventQuery, SourceCounters, VigilEvent } from '../../../shared/domain'
import { VIGIL_SOURCE_ID } from '../../../shared/source-ids'
import type { PayloadPlace } from '../presets/preset'
import { RingBuffer } from './ring-buffer'

/** Vigil's own alerts kept in memory (they are rare: one per outage and recovery). */
const VIGIL_RECENT = 1_000

/**
 * An event kept as its frame's text and where its payload lies in it, parsed again when read.
 * At a flood the ring is always the last few tens of milliseconds of events, so every scavenge
 * finds its 5,000 newest young; kept as parsed payloads (a graph of objects each), V8 promotes
 * them into the old generation at every scavenge (about 140 bytes per event, 0.35-0.6 µs of
 * collector time per event: docs/performance.md), kept as one flat string each it does not.
 */
class KeptAsText {
  constructor(
    readonly id: number,
    readonly sourceId: string,
    readonly type: string,
    readonly receivedAt: number,
    private readonly text: string,
    private readonly place: PayloadPlace,
  ) {}

  /** The event again, its payload parsed from the text it was parsed from when it arrived. */
  event(): VigilEvent {
    const frame: unknown = JSON.parse(this.text)
    const payload = this.place === null ? frame : (frame as Record<string, unknown>)[this.place]
    const { id, sourceId, type, receivedAt } = this
    return { id, sourceId, type, receivedAt, payload }
  }
}

type Kept = VigilEvent | KeptAsText

const eventOf = (kept: Kept): VigilEvent => (kept instanceof KeptAsText ? kept.event() : kept)

/** One source's ring, and the counters its evictions are counted in. */
export class SourceRecent {
  constructor(
    readonly ring: RingBuffer<Kept>,
    private readonly counters: Pick<SourceCounters, 'evicted'> | undefined,
  ) {}

  /**
   * Keeps `event` (of `bytes`, its share of its frame), dropping the oldest past the bounds: as
   * its frame's `text` when the payload's `place` in it is known (see KeptAsText), else as is.
   */
  keep(event: VigilEvent, bytes: number, text?: string, place?: PayloadPlace): void {
    const kept =
      text === undefined || place === undefined
        ? event
        : new KeptAsText(event.id, event.sourceId, event.type, event.receivedAt, text, place)
    this.evicted(this.ring.push(kept, bytes))
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
    const filter = query.type === undefined ? undefined : (kept: Kept) => kept.type === query.type
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
