import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { searchTextSchema } from '../../../shared/history'
import { sourceIdSchema } from '../../../shared/source-config'
import type { Engine } from '../../services/engine'
import { limitParam } from './limit'
import { parseOrReject } from './reply'
import { timeParam } from './time-param'

const eventsQuery = z.object({
  source: sourceIdSchema.optional(),
  type: z.string().max(500).optional(),
  limit: limitParam(10_000, 100),
  from: timeParam.optional(),
  to: timeParam.optional(),
  q: searchTextSchema.optional(),
  before: z.coerce.number().int().min(1).optional(),
})

export function registerEventRoutes(app: FastifyInstance, engine: Engine): void {
  // From history: newest first; `next` is the `before` of the following page (null at the end).
  app.get('/api/events', async (request, reply) => {
    const query = parseOrReject(eventsQuery, request.query, reply)
    if (query) return engine.historyQueries.search(query)
  })
}
