import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { notificationIdsSchema } from '../../../shared/ipc-schemas'
import { triggerIdSchema } from '../../../shared/trigger-config'
import type { Engine } from '../../services/engine'
import { limitParam } from './limit'
import { parseOrReject } from './reply'

const notificationsQuery = z.object({
  limit: limitParam(10_000, 100),
  /** Paging: only notifications older than this id. */
  before: z.coerce.number().int().min(1).optional(),
  trigger: triggerIdSchema.optional(),
  source: z.string().max(64).optional(),
  unread: z.enum(['true', 'false']).optional(),
})

const countQuery = z.object({
  trigger: triggerIdSchema.optional(),
  source: z.string().max(64).optional(),
})

/** `notification:mark-read` and `notification:mark-unread`'s argument, as a body. */
const markReadBody = z.strictObject({ ids: z.union([notificationIdsSchema, z.literal('all')]) })
const markUnreadBody = z.strictObject({ ids: notificationIdsSchema })

export function registerNotificationRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/notifications', (request, reply) => {
    const query = parseOrReject(notificationsQuery, request.query, reply)
    if (!query) return
    const notifications = engine.triggers.notifications.list({
      limit: query.limit,
      ...(query.before !== undefined ? { beforeId: query.before } : {}),
      ...(query.trigger !== undefined ? { triggerId: query.trigger } : {}),
      ...(query.source !== undefined ? { sourceId: query.source } : {}),
      ...(query.unread === 'true' ? { unreadOnly: true } : {}),
    })
    return { notifications }
  })

  /** `notification:unread-count`: every unread notification, or a trigger's or a source's. */
  app.get('/api/notifications/unread-count', (request, reply) => {
    const query = parseOrReject(countQuery, request.query, reply)
    if (!query) return
    const unread = engine.triggers.notifications.unreadCount({
      ...(query.trigger !== undefined ? { triggerId: query.trigger } : {}),
      ...(query.source !== undefined ? { sourceId: query.source } : {}),
    })
    return { unread }
  })

  /** `notification:mark-read`, and every window's count follows (the `notification:read` push). */
  app.post('/api/notifications/mark-read', (request, reply) => {
    const body = parseOrReject(markReadBody, request.body, reply)
    if (!body) return
    return { changed: engine.triggerCommands.markNotificationsRead(body.ids) }
  })

  /** `notification:mark-unread`. */
  app.post('/api/notifications/mark-unread', (request, reply) => {
    const body = parseOrReject(markUnreadBody, request.body, reply)
    if (!body) return
    return { changed: engine.triggerCommands.markNotificationsUnread(body.ids) }
  })
}
