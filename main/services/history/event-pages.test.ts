import { describe, expect, it } from 'vitest'
import { encodePages } from './event-pages'
import type { EventColumns } from './sqlite-protocol'

/** What a page holds, written the plain way: one JSON.stringify of its events. */
function referencePages(events: { id: number; at: number; pair: number; payload: unknown }[]) {
  const order: number[] = []
  for (const event of events) if (!order.includes(event.pair)) order.push(event.pair)
  return order.map((pair) => {
    const page = events.filter((event) => event.pair === pair)
    const ats = page.map((event) => event.at)
    return {
      first: page[0]!.id,
      last: page.at(-1)!.id,
      firstAt: Math.min(...ats),
      lastAt: Math.max(...ats),
      count: page.length,
      events: JSON.stringify(page.map((event) => [event.id, event.at, event.payload])),
    }
  })
}

describe('encodePages', () => {
  it('builds one page per pair, in first-seen order, with its events in id order', () => {
    const pairs = [0, 1, 0, 2, 1, 1, 0, 2]
    const events = pairs.map((pair, i) => ({
      id: 101 + i,
      at: 5_000 - 7 * ((i * 3) % 5) + 0.25 * i,
      pair,
      payload: { n: i, name: `e${i}`, list: [i, null, true] },
    }))
    const frames = events.map((event) => JSON.stringify({ payload: event.payload, type: 'x' }))
    const columns: EventColumns = {
      ids: Float64Array.from(events.map((event) => event.id)),
      receivedAt: Float64Array.from(events.map((event) => event.at)),
      pair: Uint32Array.from(pairs),
      pairs: ['a', 'Death', 'a', 'Login', 'b', 'Death'],
      // Events 0-3 as the member of their frame, 4-5 as their whole text, 6-7 already serialised.
      place: Int16Array.from([0, 0, 0, 0, 1, 1, -1, -1]),
      places: ['payload', null],
      texts: frames.map((frame, i) =>
        i < 4 ? frame : JSON.stringify(events[i]!.payload, null, i < 6 ? 1 : undefined),
      ),
    }
    const rows = encodePages(columns)
    expect(rows).toEqual(
      referencePages(events).map((page, k) => [
        101,
        columns.pairs[2 * k],
        columns.pairs[2 * k + 1],
        page.first,
        page.last,
        page.firstAt,
        page.lastAt,
        page.count,
        page.events,
      ]),
    )
  })
})
