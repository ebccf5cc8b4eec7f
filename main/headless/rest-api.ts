/**
 * The REST API for scripts: a public interface (see the README's "REST API"). Every route but
 * `/api/health` is behind the token, which the host's access hook enforces before routing.
 * Handlers reuse the engine's own calls and the contract's schemas, so REST and the UI never
 * disagree about what is valid.
 */

import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { toIssues, validateConfig } from '../../shared/config'
import { sourceIdSchema } from '../../shared/config'
import { toErrorInfo, type ErrorInfo } from '../../shared/result'
import type { Engine } from '../services/engine'
import { errorBody, httpStatus } from './http-errors'

const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback)

const eventsQuery = z.object({
  source: sourceIdSchema.optional(),
  type: z.string().max(500).optional(),
  limit: limit(10_000, 100),
})

const notificationsQuery = z.object({ limit: limit(10_000, 100) })

function reject(reply: FastifyReply, error: ErrorInfo) {
  return reply.code(httpStatus(error)).send(errorBody(error))
}

function invalidQuery(reply: FastifyReply, error: z.ZodError) {
  const issues = toIssues(error)
  return reject(reply, {
    code: 'invalid-argument',
    message: issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
    issues,
  })
}

export function registerRestApi(app: FastifyInstance, engine: Engine): void {
  app.get('/api/health', () => ({ ok: true, version: engine.info().version }))

  app.get('/api/sources', () => engine.monitor.list())

  app.get('/api/config', () => engine.config)

  app.put('/api/config', async (request, reply) => {
    const checked = validateConfig(request.body)
    if (!checked.ok) {
      return reject(reply, {
        code: 'invalid-argument',
        message: `the config has ${checked.issues.length} problem${checked.issues.length === 1 ? '' : 's'}`,
        issues: checked.issues,
      })
    }
    try {
      return await engine.replaceConfig(checked.value)
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })

  app.get('/api/events', (request, reply) => {
    const query = eventsQuery.safeParse(request.query)
    if (!query.success) return invalidQuery(reply, query.error)
    return { events: engine.monitor.recentEvents(query.data) }
  })

  app.get('/api/notifications', (request, reply) => {
    const query = notificationsQuery.safeParse(request.query)
    if (!query.success) return invalidQuery(reply, query.error)
    // Notifications arrive with the trigger engine; until then there are none to list.
    return { notifications: [] }
  })
}
