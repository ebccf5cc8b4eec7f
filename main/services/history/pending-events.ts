/**
 * Events waiting for a history batch, held as the columns a batch is made of rather than as the
 * events themselves, and turned into the batch's columns for the SQLite thread (event-pages.ts
 * builds the pages from them there).
 *
 * Why columns: an event waits here for up to a batch interval (100 ms) and then until its batch
 * is committed, long enough to survive a few of the engine's scavenges. Held as a `VigilEvent`,
 * its parsed payload (a graph of objects and strings) survived with it and was promoted to the
 * old generation, which the collector then had to sweep. An event whose frame text is known is
 * held as that text (one flat string, already held by the recent-events ring), its id, source,
 * type and time; only an event without text keeps its payload, serialised when its batch is made.
 *
 */

import type { VigilEvent } from '../../../shared/domain'
import type { PayloadPlace } from '../presets/preset'
import type { EventColumns } from './sqlite-protocol'

/** A batch's columns, and how many events of each source it holds (for a batch that fails). */
export interface ColumnBatch {
  columns: EventColumns
  bySource: Map<string, number>
}

/** Events taken out of the queue, in the order recorded. */
export interface TakenEvents {
  ids: number[]
  receivedAt: number[]
  sources: string[]
  types: string[]
  /** The frame's text as received; undefined: `payloads[i]` is serialised when the batch is made. */
  texts: (string | undefined)[]
  places: (PayloadPlace | undefined)[]
  /** Payloads of the events without text or place (undefined for the others). */
  payloads: unknown[]
}

export class PendingEvents {
  private taken = emptyColumns()
  private sizes: number[] = []
  /** The bytes of the events held, as received. */
  bytes = 0

  get length(): number {
    return this.taken.ids.length
  }

  /** `bytes`: the event's share of its frame; `text` and `place`: where its payload lies. */
  push(event: VigilEvent, bytes: number, text?: string, place?: PayloadPlace): void {
    const held = this.taken
    held.ids.push(event.id)
    held.receivedAt.push(event.receivedAt)
    held.sources.push(event.sourceId)
    held.types.push(event.type)
    const known = text !== undefined && place !== undefined
    held.texts.push(known ? text : undefined)
    held.places.push(known ? place : undefined)
    held.payloads.push(known ? undefined : event.payload)
    this.sizes.push(bytes)
    this.bytes += bytes
  }

  /** How many of the first events fit in `maxRows` and `maxBytes` (at least one), and their bytes. */
  fit(maxRows: number, maxBytes: number): { count: number; bytes: number } {
    const sizes = this.sizes
    let count = 0
    let bytes = 0
    while (
      count < sizes.length &&
      count < maxRows &&
      (count === 0 || bytes + sizes[count]! <= maxBytes)
    ) {
      bytes += sizes[count]!
      count++
    }
    return { count, bytes }
  }

  /** Removes the first `count` events (as `fit` measured them, `bytes` in all) and answers them. */
  take(count: number, bytes: number): TakenEvents {
    this.bytes -= bytes
    if (count >= this.length) {
      const all = this.taken
      this.taken = emptyColumns()
      this.sizes = []
      return all
    }
    this.sizes.splice(0, count)
    const held = this.taken
    return {
      ids: held.ids.splice(0, count),
      receivedAt: held.receivedAt.splice(0, count),
      sources: held.sources.splice(0, count),
      types: held.types.splice(0, count),
      texts: held.texts.splice(0, count),
      places: held.places.splice(0, count),
      payloads: held.payloads.splice(0, count),
    }
  }

  /** Removes every event; answers how many each source had. */
  clear(): Map<string, number> {
    const bySource = countBySource(this.taken.sources)
    this.taken = emptyColumns()
    this.sizes = []
    this.bytes = 0
    return bySource
  }
}

export function countBySource(sources: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const sourceId of sources) counts.set(sourceId, (counts.get(sourceId) ?? 0) + 1)
  return counts
}

/**
 * The columns of a batch, on the engine's thread. Throws when a payload without text cannot be
 * serialised (the whole batch then fails, as a write would).
 */
export function eventColumns(events: TakenEvents): ColumnBatch {
  const count = events.ids.length
  const columns: EventColumns = {
    ids: new Float64Array(events.ids),
    receivedAt: new Float64Array(events.receivedAt),
    pair: new Uint32Array(count),
    pairs: [],
    place: new Int16Array(count),
    places: [],
    // Filled in below: each event's text, or its payload's JSON.
    texts: events.texts as string[],
  }
  const bySourceType = new Map<string, Map<string, number>>()
  const pairCounts: number[] = []
  for (let i = 0; i < count; i++) {
    const sourceId = events.sources[i]!
    const type = events.types[i]!
    let byType = bySourceType.get(sourceId)
    if (byType === undefined) {
      byType = new Map()
      bySourceType.set(sourceId, byType)
    }
    let pair = byType.get(type)
    if (pair === undefined) {
      pair = pairCounts.length
      byType.set(type, pair)
      columns.pairs.push(sourceId, type)
      pairCounts.push(0)
    }
    columns.pair[i] = pair
    pairCounts[pair]!++
    let text = events.texts[i]
    const place = events.places[i]
    if (text === undefined || place === undefined) {
      columns.place[i] = -1
      // `undefined` has no JSON: stored as an array element's would be.
      text = (JSON.stringify(events.payloads[i]) as string | undefined) ?? 'null'
    } else {
      let index = columns.places.indexOf(place)
      if (index < 0) index = columns.places.push(place) - 1
      columns.place[i] = index
    }
    events.texts[i] = text
  }
  const bySource = new Map<string, number>()
  for (let pair = 0; pair < pairCounts.length; pair++) {
    const sourceId = columns.pairs[2 * pair]!
    bySource.set(sourceId, (bySource.get(sourceId) ?? 0) + pairCounts[pair]!)
  }
  return { columns, bySource }
}

function emptyColumns(): TakenEvents {
  return { ids: [], receivedAt: [], sources: [], types: [], texts: [], places: [], payloads: [] }
}
