import type { FastifyInstance } from 'fastify'
import type { Engine } from '../../services/engine'

export function registerSourceRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/sources', () => engine.monitor.list())
}
