/**
 * How events are stored: packed in pages. Each write batch is a block (named by its first event
 * id; blocks never overlap), and within a block every (source, type) pair gets one page: a row
 * with the pair, the id and time bounds, and its events as a JSON array of
 * `[id, receivedAt, payload]`, in id order.
 *
 * Why pages rather than a row per event: a row costs SQLite several microseconds to insert and
 * index, which at tens of thousands of events a second is a core of its own; a page costs about
 * the same as one row, whatever it holds. Searches narrow by page (indexes on source, type, block
 * and time) and then check events one by one. The `events` view shows one row per event to
 * anyone reading the file with other tools.
 *
 * Who does what: the engine's thread hands a batch over as columns (`eventColumns` in
 * pending-events.ts), each payload as its frame's text as received and where in it the payload
 * lies; the SQLite thread builds the pages (`encodePages`), storing each payload as `JSON.stringify` of its parsed value
 * (canonical-json.ts). Payloads with no frame text (Vigil's own events, and payloads a preset made
 * up from its frame, such as PI Web API's flattened values) are serialised on the engine's thread.
 *
 * Erasable TypeScript importing only canonical-json.ts: the SQLite worker loads it.
 */

import type { VigilEvent } from '../../../shared/domain'
import { canonicalJson, canonicalMember } from './canonical-json.ts'
import type { EventColumns, SqlValue } from './sqlite-protocol'

export const INSERT_PAGE =
  'INSERT INTO event_pages (block, source_id, type, first_id, last_id, first_at, last_at, count, events) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'

export interface PageRow {
  block: number
  source_id: string
  type: string
  events: string
}

/**
 * The insert rows of a batch, one per (source, type) page in the order the pairs first appear, on
 * the SQLite thread. Each page is built by one `join` of its events' parts, page after page, so
 * what a page allocates dies before the next page starts: no per-event strings outlive their page
 * to be copied by the thread's scavenges, and no tree of concatenations is left to flatten when
 * the row is bound (building every page at once, event by event, made the thread's collector
 * cost about as much as SQLite).
 */
export function encodePages(batch: EventColumns): SqlValue[][] {
  const count = batch.ids.length
  if (count === 0) return []
  const block = batch.ids[0]!
  const pairs = batch.pairs.length / 2
  // The events in page order, each page's in id order: a counting sort by pair.
  const firsts = new Uint32Array(pairs + 1)
  for (let i = 0; i < count; i++) firsts[batch.pair[i]! + 1]!++
  for (let pair = 0; pair < pairs; pair++) firsts[pair + 1]! += firsts[pair]!
  const order = new Uint32Array(count)
  const next = firsts.slice(0, pairs)
  for (let i = 0; i < count; i++) order[next[batch.pair[i]!]!++] = i
  const rows: SqlValue[][] = []
  for (let pair = 0; pair < pairs; pair++) {
    const from = firsts[pair]!
    const to = firsts[pair + 1]!
    const parts: string[] = []
    let firstAt = Infinity
    let lastAt = -Infinity
    for (let k = from; k < to; k++) {
      const i = order[k]!
      const at = batch.receivedAt[i]!
      if (at < firstAt) firstAt = at
      if (at > lastAt) lastAt = at
      parts.push(
        (k === from ? '[[' : ',[') + batch.ids[i]! + ',' + at + ',',
        payloadJson(batch, i),
        k === to - 1 ? ']]' : ']',
      )
    }
    rows.push([
      block,
      batch.pairs[2 * pair]!,
      batch.pairs[2 * pair + 1]!,
      batch.ids[order[from]!]!,
      batch.ids[order[to - 1]!]!,
      firstAt,
      lastAt,
      to - from,
      parts.join(''),
    ])
  }
  return rows
}

/** Event `i`'s payload as stored: `JSON.stringify` of its value, from its frame's text. */
function payloadJson(batch: EventColumns, i: number): string {
  const text = batch.texts[i]!
  const place = batch.place[i]!
  if (place < 0) return text
  const member = batch.places[place]!
  return member === null ? canonicalJson(text) : canonicalMember(text, member)
}

/** The events of one page that pass `keep`, in id order. */
export function decodePage(
  row: PageRow,
  keep: (id: number, receivedAt: number, payload: unknown) => boolean,
): VigilEvent[] {
  const items = JSON.parse(row.events) as [number, number, unknown][]
  const events: VigilEvent[] = []
  for (const [id, receivedAt, payload] of items) {
    if (keep(id, receivedAt, payload)) {
      events.push({ id, sourceId: row.source_id, type: row.type, receivedAt, payload })
    }
  }
  return events
}
