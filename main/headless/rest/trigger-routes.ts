import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { backtestOptionsSchema, MAX_BACKTEST_EVENTS } from '../../../shared/ipc-schemas'
import { toErrorInfo } from '../../../shared/result'
import {
  triggerConfigSchema,
  triggerDraftSchema,
  triggerIdSchema,
} from '../../../shared/trigger-config'
import type { Engine } from '../../services/engine'
import { parseOrReject, reject } from './reply'

/** `trigger:backtest`'s arguments as one body: the draft, the limit, and its options' keys. */
const backtestBody = z.strictObject({
  trigger: triggerDraftSchema,
  limit: z.number().int().min(1).max(MAX_BACKTEST_EVENTS).default(1_000),
  ...backtestOptionsSchema.shape,
})

const triggerParams = z.object({ id: triggerIdSchema })

/** The route's `:id` names the trigger; a body may leave `id` out, but not give another. */
function withPathId(body: unknown, id: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body
  return { id, ...body }
}

export function registerTriggerRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/triggers', () => engine.triggers.list())

  app.post('/api/triggers/backtest', (request, reply) => {
    const body = parseOrReject(backtestBody, request.body, reply)
    if (!body) return
    const { trigger, limit, ...options } = body
    return engine.triggerCommands.backtest(trigger, limit, options)
  })

  /** `trigger:save`: adds the trigger or replaces the one with this id (re-arming a single shot). */
  app.put('/api/triggers/:id', async (request, reply) => {
    const params = parseOrReject(triggerParams, request.params, reply)
    if (!params) return
    const trigger = parseOrReject(
      triggerConfigSchema.refine((t) => t.id === params.id, {
        message: `the body's id differs from the path's ("${params.id}")`,
        path: ['id'],
      }),
      withPathId(request.body, params.id),
      reply,
    )
    if (!trigger) return
    try {
      return await engine.triggerCommands.save(trigger)
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })

  /** `trigger:remove`. */
  app.delete('/api/triggers/:id', async (request, reply) => {
    const params = parseOrReject(triggerParams, request.params, reply)
    if (!params) return
    try {
      await engine.triggerCommands.remove(params.id)
      return reply.code(204).send()
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })

  /** `trigger:near-miss-report`: the near-misses and, per condition leaf, why they missed. */
  app.get('/api/triggers/:id/near-misses', (request, reply) => {
    const params = parseOrReject(triggerParams, request.params, reply)
    if (!params) return
    try {
      return engine.triggers.nearMissReport(params.id)
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })
}
