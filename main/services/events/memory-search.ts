/**
 * Event search over the in-memory buffers, for an engine running without history: the same
 * filters as the SQLite search, over only the recent events each source keeps.
 */

import type { EventQuery, VigilEvent } from '../../../shared/domain'
import type { EventPage } from '../../../shared/history'

export function searchBuffered(
  recent: (query: EventQuery) => VigilEvent[],
  query: EventQuery,
): EventPage {
  const limit = query.limit ?? 100
  const needle = query.q?.toLowerCase()
  const events = recent({
    ...(query.source !== undefined ? { source: query.source } : {}),
    ...(query.type !== undefined ? { type: query.type } : {}),
    limit: Number.MAX_SAFE_INTEGER,
  })
    .filter(
      (event) =>
        (query.from === undefined || event.receivedAt >= query.from) &&
        (query.to === undefined || event.receivedAt <= query.to) &&
        (query.before === undefined || event.id < query.before) &&
        (needle === undefined || JSON.stringify(event.payload).toLowerCase().includes(needle)),
    )
    .slice(0, limit)
  return { events, next: events.length === limit ? events.at(-1)!.id : null }
}
