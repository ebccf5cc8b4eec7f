/**
 * The REST API for scripts: a public interface (see docs/rest-api.md). Every route but
 * `/api/health` is behind the token, which the host's access hook enforces before routing.
 *
 * Most routes are entries of one table, method + path → contract channel (rest-route.ts), served
 * through the contract's own dispatch (route-dispatch.ts). Two stay small adapters beside it:
 * `GET /api/health` (no token, and it answers from two channels at once: the version and a part
 * of history's status) and `GET /api/export` (a streamed download, where `history:export` writes
 * a file into the data directory instead).
 */

import type { FastifyInstance } from 'fastify'
import type { InvokeHandlers } from '../../services/api/invoke-handlers'
import type { Engine } from '../../services/engine'
import type { Logger } from '../../services/util/logger'
import { clusterRoutes, registerClusterConfigVersion } from './cluster-routes'
import { configRoutes } from './config-routes'
import { eventRoutes } from './event-routes'
import { registerExportRoutes } from './export-routes'
import { registerHealthRoute } from './health-routes'
import { notificationRoutes } from './notification-routes'
import { presetRoutes } from './preset-routes'
import { recordingRoutes } from './recording-routes'
import type { AnyRestRoute } from './rest-route'
import { registerRouteTable } from './route-dispatch'
import { secretRoutes } from './secret-routes'
import { sourceRoutes } from './source-routes'
import { triggerRoutes } from './trigger-routes'

/** Every table route, one module per domain. */
export const restRoutes: readonly AnyRestRoute[] = [
  ...sourceRoutes,
  ...configRoutes,
  ...eventRoutes,
  ...notificationRoutes,
  ...triggerRoutes,
  ...recordingRoutes,
  ...secretRoutes,
  ...presetRoutes,
  ...clusterRoutes,
]

export function registerRestApi(
  app: FastifyInstance,
  engine: Engine,
  handlers: InvokeHandlers,
  logger: Logger,
): void {
  registerHealthRoute(app, engine)
  registerExportRoutes(app, engine)
  registerClusterConfigVersion(app, engine)
  registerRouteTable(app, restRoutes, handlers, logger)
}
