import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { sourceIdSchema } from '../../../shared/source-config'
import type { Engine } from '../../services/engine'
import { limitParam } from './limit'
import { parseOrReject } from './reply'

const eventsQuery = z.object({
  source: sourceIdSchema.optional(),
  type: z.string().max(500).optional(),
  limit: limitParam(10_000, 100),
})

export function registerEventRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/events', (request, reply) => {
    const query = parseOrReject(eventsQuery, request.query, reply)
    if (query) return { events: engine.monitor.recentEvents(query) }
  })
}
