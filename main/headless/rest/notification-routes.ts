import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { triggerIdSchema } from '../../../shared/trigger-config'
import type { Engine } from '../../services/engine'
import { limitParam } from './limit'
import { parseOrReject } from './reply'

const notificationsQuery = z.object({
  limit: limitParam(10_000, 100),
  /** Paging: only notifications older than this id. */
  before: z.coerce.number().int().min(1).optional(),
  trigger: triggerIdSchema.optional(),
  unread: z.enum(['true', 'false']).optional(),
})

export function registerNotificationRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/notifications', (request, reply) => {
    const query = parseOrReject(notificationsQuery, request.query, reply)
    if (!query) return
    const notifications = engine.triggers.notifications.list({
      limit: query.limit,
      ...(query.before !== undefined ? { beforeId: query.before } : {}),
      ...(query.trigger !== undefined ? { triggerId: query.trigger } : {}),
      ...(query.unread === 'true' ? { unreadOnly: true } : {}),
    })
    return { notifications }
  })
}
