import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { toErrorInfo } from '../../../shared/result'
import type { Engine } from '../../services/engine'
import { reject } from './reply'

export function registerConfigRoutes(app: FastifyInstance, engine: Engine): void {
  /**
   * The document as `config:export` has it: literal header credentials as secret references. In
   * a cluster, `ETag` is the cluster's version of it (for `If-Match` on `PUT`).
   */
  app.get('/api/config', async (_request, reply) => {
    const version = engine.cluster?.configVersion
    if (version !== undefined && version !== null) reply.header('ETag', `"${version}"`)
    return (await engine.exportConfig()).config
  })

  /**
   * Applies a document: validated (an older version migrated first), then stored atomically. In a
   * cluster it is written to the cluster first, on the version `If-Match` names or else the one
   * this host runs: 409 when another host changed it since.
   */
  app.put('/api/config', async (request, reply) => {
    const expectedVersion = ifMatch(request, reply)
    if (expectedVersion === false) return
    try {
      return await engine.importConfig(
        request.body,
        expectedVersion === undefined ? {} : { expectedVersion },
      )
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })

  /** What `PUT /api/config` would do with this document, without doing it. */
  app.post('/api/config/preview', (request) => engine.previewImport(request.body))

  /** `If-Match: "<version>"`: the version a change was made on; ignored on a single host. */
  function ifMatch(request: FastifyRequest, reply: FastifyReply): number | undefined | false {
    const header = request.headers['if-match']
    if (header === undefined || !engine.cluster) return undefined
    const match = /^\s*"?(\d{1,15})"?\s*$/.exec(header)
    if (match) return Number(match[1])
    void reject(reply, {
      code: 'invalid-argument',
      message: `If-Match must be a config version from the ETag of GET /api/config, such as "12", not ${header}`,
    })
    return false
  }
}
