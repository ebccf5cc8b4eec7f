/**
 * Event search over the in-memory buffers, for an engine running without history: the same
 * filters as the SQLite search, over only the recent events each source keeps.
 */

import type { EventQuery, VigilEvent } from '../../../shared/domain'
import type { EventPage } from '../../../shared/history'
import { eventMatcher } from '../history/event-query'

export function searchBuffered(
  recent: (query: EventQuery) => VigilEvent[],
  query: EventQuery,
): EventPage {
  const limit = query.limit ?? 100
  // Exactly the stored search's per-event test, so both find the same events.
  const matches = eventMatcher(query)
  const events = recent({
    ...(query.source !== undefined ? { source: query.source } : {}),
    ...(query.type !== undefined ? { type: query.type } : {}),
    limit: Number.MAX_SAFE_INTEGER,
  })
    .filter((event) => matches(event.id, event.receivedAt, event.payload))
    .slice(0, limit)
  return { events, next: events.length === limit ? events.at(-1)!.id : null }
}
