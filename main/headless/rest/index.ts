/**
 * The REST API for scripts: a public interface (see docs/rest-api.md). Every route but
 * `/api/health` is behind the token, which the host's access hook enforces before routing. Routes
 * reuse the engine's own calls and the contract's schemas, so REST and the UI never disagree about
 * what is valid. One module per domain.
 */

import type { FastifyInstance } from 'fastify'
import type { Engine } from '../../services/engine'
import { registerClusterRoutes } from './cluster-routes'
import { registerConfigRoutes } from './config-routes'
import { registerEventRoutes } from './event-routes'
import { registerExportRoutes } from './export-routes'
import { registerHealthRoute } from './health-routes'
import { registerNotificationRoutes } from './notification-routes'
import { registerRecordingRoutes } from './recording-routes'
import { registerPresetRoutes } from './preset-routes'
import { registerSourceRoutes } from './source-routes'
import { registerTriggerRoutes } from './trigger-routes'

export function registerRestApi(app: FastifyInstance, engine: Engine): void {
  registerHealthRoute(app, engine)
  registerSourceRoutes(app, engine)
  registerConfigRoutes(app, engine)
  registerEventRoutes(app, engine)
  registerNotificationRoutes(app, engine)
  registerTriggerRoutes(app, engine)
  registerExportRoutes(app, engine)
  registerRecordingRoutes(app, engine)
  registerPresetRoutes(app)
  registerClusterRoutes(app, engine)
}
