import type { FastifyInstance } from 'fastify'
import type { ClusterStatus } from '../../services/cluster/cluster-port'
import type { Engine } from '../../services/engine'

/** `GET /api/cluster`: who is in the cluster and who holds what; `{"enabled":false}` alone. */
export function registerClusterRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/cluster', (): ClusterStatus => engine.cluster?.status() ?? { enabled: false })
}
