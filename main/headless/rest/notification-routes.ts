import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { limitParam } from './limit'
import { parseOrReject } from './reply'

const notificationsQuery = z.object({ limit: limitParam(10_000, 100) })

export function registerNotificationRoutes(app: FastifyInstance): void {
  app.get('/api/notifications', (request, reply) => {
    const query = parseOrReject(notificationsQuery, request.query, reply)
    // Notifications arrive with the trigger engine; until then there are none to list.
    if (query) return { notifications: [] }
  })
}
