import type { FastifyInstance } from 'fastify'
import { validateConfig } from '../../../shared/config'
import { toErrorInfo } from '../../../shared/result'
import type { Engine } from '../../services/engine'
import { reject } from './reply'

export function registerConfigRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/config', () => engine.config)

  app.put('/api/config', async (request, reply) => {
    const checked = validateConfig(request.body)
    if (!checked.ok) {
      const count = checked.issues.length
      return reject(reply, {
        code: 'invalid-argument',
        message: `the config has ${count} problem${count === 1 ? '' : 's'}`,
        issues: checked.issues,
      })
    }
    try {
      return await engine.replaceConfig(checked.value)
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
  })
}
