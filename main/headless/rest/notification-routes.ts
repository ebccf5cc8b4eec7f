import { z } from 'zod'
import { notificationIdsSchema } from '../../../shared/ipc-schemas'
import { triggerIdSchema } from '../../../shared/trigger-config'
import { limitParam } from './limit'
import { requestPart } from './reply'
import type { AnyRestRoute } from './rest-route'

// The query string's words for `notification:list`'s query, and its text turned into numbers.
const notificationsQuery = z
  .object({
    limit: limitParam(10_000, 100),
    /** Paging: only notifications older than this id. */
    before: z.coerce.number().int().min(1).optional(),
    trigger: triggerIdSchema.optional(),
    source: z.string().max(64).optional(),
    unread: z.enum(['true', 'false']).optional(),
  })
  .transform((query) => ({
    limit: query.limit,
    ...(query.before !== undefined ? { beforeId: query.before } : {}),
    ...(query.trigger !== undefined ? { triggerId: query.trigger } : {}),
    ...(query.source !== undefined ? { sourceId: query.source } : {}),
    ...(query.unread === 'true' ? { unreadOnly: true } : {}),
  }))

const countQuery = z
  .object({
    trigger: triggerIdSchema.optional(),
    source: z.string().max(64).optional(),
  })
  .transform((query) => ({
    ...(query.trigger !== undefined ? { triggerId: query.trigger } : {}),
    ...(query.source !== undefined ? { sourceId: query.source } : {}),
  }))

/** `notification:mark-read` and `notification:mark-unread`'s argument, as a body. */
const markReadBody = z.strictObject({ ids: z.union([notificationIdsSchema, z.literal('all')]) })
const markUnreadBody = z.strictObject({ ids: notificationIdsSchema })

/** Notifications: each route one contract channel (see rest-route.ts). */
export const notificationRoutes: AnyRestRoute[] = [
  {
    method: 'GET',
    path: '/api/notifications',
    channel: 'notification:list',
    args: (request) => [requestPart(notificationsQuery, request.query)],
    answer: (notifications) => ({ notifications }),
  },
  /** Every unread notification, or a trigger's or a source's. */
  {
    method: 'GET',
    path: '/api/notifications/unread-count',
    channel: 'notification:unread-count',
    args: (request) => [requestPart(countQuery, request.query)],
    answer: (unread) => ({ unread }),
  },
  /** Every window's count follows (the `notification:read` push). */
  {
    method: 'POST',
    path: '/api/notifications/mark-read',
    channel: 'notification:mark-read',
    args: (request) => [requestPart(markReadBody, request.body).ids],
    answer: (changed) => ({ changed }),
  },
  {
    method: 'POST',
    path: '/api/notifications/mark-unread',
    channel: 'notification:mark-unread',
    args: (request) => [requestPart(markUnreadBody, request.body).ids],
    answer: (changed) => ({ changed }),
  },
]
