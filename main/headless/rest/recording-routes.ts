import type { FastifyInstance } from 'fastify'
import type { Engine } from '../../services/engine'

export function registerRecordingRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/recordings', async () => ({ recordings: await engine.recorder.list() }))
}
