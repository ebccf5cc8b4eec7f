import { z } from 'zod'
import { searchTextSchema } from '../../../shared/history'
import { sourceIdSchema } from '../../../shared/source-config'
import { limitParam } from './limit'
import { requestPart } from './reply'
import { unchecked, type AnyRestRoute } from './rest-route'
import { timeParam } from './time-param'

// `event:search`'s query as a query string: its numbers and times arrive as text.
const eventsQuery = z.object({
  source: sourceIdSchema.optional(),
  type: z.string().max(500).optional(),
  limit: limitParam(10_000, 100),
  from: timeParam.optional(),
  to: timeParam.optional(),
  q: searchTextSchema.optional(),
  before: z.coerce.number().int().min(1).optional(),
})

export const eventRoutes: AnyRestRoute[] = [
  // From history: newest first; `next` is the `before` of the following page (null at the end).
  {
    method: 'GET',
    path: '/api/events',
    channel: 'event:search',
    args: (request) => [requestPart(eventsQuery, request.query)],
  },
  /** The field paths seen per source and event type: `source=` and `type=` narrow it. */
  {
    method: 'GET',
    path: '/api/catalogue',
    channel: 'catalogue:get',
    args: (request) => [unchecked(request.query)],
    answer: (catalogue) => ({ catalogue }),
  },
]
