import type { FastifyInstance } from 'fastify'
import { toErrorInfo } from '../../../shared/result'
import type { Engine } from '../../services/engine'
import { reject } from './reply'

export function registerConfigRoutes(app: FastifyInstance, engine: Engine): void {
  /** The document as `config:export` has it: literal header credentials as secret references. */
  app.get('/api/config', async () => (await engine.exportConfig()).config)

  /** Applies a document: validated (an older version migrated first), then stored atomically. */
  app.put('/api/config', async (request, reply) => {
    try {
      return await engine.importConfig(request.body)
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })

  /** What `PUT /api/config` would do with this document, without doing it. */
  app.post('/api/config/preview', (request) => engine.previewImport(request.body))
}
