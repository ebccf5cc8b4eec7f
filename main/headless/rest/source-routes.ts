import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { sendTextSchema } from '../../../shared/ipc-schemas'
import { toErrorInfo } from '../../../shared/result'
import { sourceIdSchema } from '../../../shared/source-config'
import { sourceTestRequestSchema } from '../../../shared/source-test'
import type { SourceView } from '../../../shared/domain'
import type { Engine } from '../../services/engine'
import { parseOrReject, reject } from './reply'

const sourceParams = z.object({ id: sourceIdSchema })

/**
 * `{"text": "..."}` sends the string as is; `{"json": <any JSON>}` sends it serialised, which
 * saves scripts from escaping JSON inside JSON. Exactly one of the two. A `text/plain` body is
 * sent as it is.
 */
const sendBody = z
  .strictObject({ text: sendTextSchema.optional(), json: z.json().optional() })
  .refine((body) => (body.text === undefined) !== (body.json === undefined), {
    message: 'send either "text" (a string) or "json" (any JSON value), not both',
  })
  .transform((body) => body.text ?? JSON.stringify(body.json))
  .pipe(sendTextSchema)

export function registerSourceRoutes(app: FastifyInstance, engine: Engine): void {
  // `holder`: the cluster member that holds the source, null when none does (or no cluster).
  const withHolder = (view: SourceView) => ({
    ...view,
    holder: engine.cluster?.holderOf(view.id) ?? null,
  })
  app.get('/api/sources', () => engine.monitor.list().map(withHolder))

  // source:test: the body is the contract's request, validated the same way.
  app.post('/api/sources/test', async (request, reply) => {
    const body = parseOrReject(sourceTestRequestSchema, request.body ?? {}, reply)
    if (!body) return
    try {
      return await engine.sourceTests.test(body.source, body.secrets)
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })

  // source:retry: 409 `conflict` for a source that is not down and waiting.
  app.post('/api/sources/:id/retry', (request, reply) => {
    const params = parseOrReject(sourceParams, request.params, reply)
    if (!params) return
    try {
      return withHolder(engine.monitor.retry(params.id))
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })

  // source:timeline, wrapped like every list of the REST API.
  app.get('/api/sources/:id/timeline', (request, reply) => {
    const params = parseOrReject(sourceParams, request.params, reply)
    if (!params) return
    try {
      return { timeline: engine.monitor.timeline(params.id) }
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })

  app.post('/api/sources/:id/send', (request, reply) => {
    const params = parseOrReject(sourceParams, request.params, reply)
    if (!params) return
    const text =
      typeof request.body === 'string'
        ? parseOrReject(sendTextSchema, request.body, reply)
        : parseOrReject(sendBody, request.body ?? {}, reply)
    if (text === undefined) return
    try {
      const receipt = engine.monitor.send(params.id, text)
      return reply.code(receipt.status === 'sent' ? 200 : 202).send(receipt)
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })
}
