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
 */

import type { VigilEvent } from '../../../shared/domain'
import type { SqlValue } from './sqlite-protocol'

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
  sourceId: string
  type: string
  /** `[id,receivedAt,payload]` items joined by commas, built by concatenation (cheap in V8). */
  text: string
  count: number
  firstId: number
  lastId: number
  firstAt: number
  lastAt: number
}

/** The insert rows for one batch (ascending ids, as the Monitor numbers them). Runs per event. */
export function encodePages(batch: readonly VigilEvent[]): SqlValue[][] {
  if (batch.length === 0) return []
  const block = batch[0]!.id
  // Source, then type: no key string is built per event.
  const bySource = new Map<string, Map<string, Building>>()
  const pages: Building[] = []
  for (const event of batch) {
    let byType = bySource.get(event.sourceId)
    if (!byType) {
      byType = new Map()
      bySource.set(event.sourceId, byType)
    }
    const item = `[${event.id},${event.receivedAt},${JSON.stringify(event.payload)}]`
    const page = byType.get(event.type)
    if (!page) {
      const created: Building = {
        sourceId: event.sourceId,
        type: event.type,
        text: item,
        count: 1,
        firstId: event.id,
        lastId: event.id,
        firstAt: event.receivedAt,
        lastAt: event.receivedAt,
      }
      byType.set(event.type, created)
      pages.push(created)
      continue
    }
    page.text += `,${item}`
    page.count++
    page.lastId = event.id
    if (event.receivedAt < page.firstAt) page.firstAt = event.receivedAt
    if (event.receivedAt > page.lastAt) page.lastAt = event.receivedAt
  }
  return pages.map((page) => [
    block,
    page.sourceId,
    page.type,
    page.firstId,
    page.lastId,
    page.firstAt,
    page.lastAt,
    page.count,
    `[${page.text}]`,
  ])
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
