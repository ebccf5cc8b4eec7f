import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { MAX_BACKTEST_EVENTS } from '../../../shared/ipc-schemas'
import { toErrorInfo } from '../../../shared/result'
import { triggerDraftSchema, triggerIdSchema } from '../../../shared/trigger-config'
import type { Engine } from '../../services/engine'
import { parseOrReject, reject } from './reply'

const backtestBody = z.strictObject({
  trigger: triggerDraftSchema,
  limit: z.number().int().min(1).max(MAX_BACKTEST_EVENTS).default(1_000),
})

const triggerParams = z.object({ id: triggerIdSchema })

export function registerTriggerRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/triggers', () => engine.triggers.list())

  app.post('/api/triggers/backtest', (request, reply) => {
    const body = parseOrReject(backtestBody, request.body, reply)
    if (body) return engine.triggerCommands.backtest(body.trigger, body.limit)
  })

  app.get('/api/triggers/:id/near-misses', (request, reply) => {
    const params = parseOrReject(triggerParams, request.params, reply)
    if (!params) return
    try {
      return { nearMisses: engine.triggers.nearMisses(params.id) }
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })
}
