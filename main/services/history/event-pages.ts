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

interface Building {
  pair: number
  /** `[id,receivedAt,payload]` items joined by commas, built by concatenation (cheap in V8). */
  text: string
  count: number
  firstId: number
  lastId: number
  firstAt: number
  lastAt: number
}

/** The insert rows of a batch, one per (source, type) page, on the SQLite thread. */
export function encodePages(batch: EventColumns): SqlValue[][] {
  const count = batch.ids.length
  if (count === 0) return []
  const block = batch.ids[0]!
  const byPair: (Building | undefined)[] = []
  const pages: Building[] = []
  for (let i = 0; i < count; i++) {
    const id = batch.ids[i]!
    const at = batch.receivedAt[i]!
    const item = `[${id},${at},${payloadJson(batch, i)}]`
    const pair = batch.pair[i]!
    const page = byPair[pair]
    if (page === undefined) {
      const created = {
        pair,
        text: item,
        count: 1,
        firstId: id,
        lastId: id,
        firstAt: at,
        lastAt: at,
      }
      byPair[pair] = created
      pages.push(created)
      continue
    }
    page.text += `,${item}`
    page.count++
    page.lastId = id
    if (at < page.firstAt) page.firstAt = at
    if (at > page.lastAt) page.lastAt = at
  }
  return pages.map((page) => [
    block,
    batch.pairs[2 * page.pair]!,
    batch.pairs[2 * page.pair + 1]!,
    page.firstId,
    page.lastId,
    page.firstAt,
    page.lastAt,
    page.count,
    `[${page.text}]`,
  ])
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
