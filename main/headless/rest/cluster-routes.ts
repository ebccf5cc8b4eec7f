import type { FastifyInstance } from 'fastify'
import type { ClusterStatus, ClusterView } from '../../../shared/cluster'
import type { ClusterInfoPort } from '../../services/engine-ports'
import { errorBody } from './http-errors'
import type { AnyRestRoute } from './rest-route'

/** `GET /api/cluster`: exactly the shape (the UI's own notice stays the UI's). */
export const clusterRoutes: AnyRestRoute[] = [
  { method: 'GET', path: '/api/cluster', channel: 'cluster:status', answer: restStatus },
]

function restStatus(view: ClusterView): ClusterStatus {
  if (!view.enabled) return { enabled: false }
  const { node, role, connected, members, leases } = view
  return { enabled: true, node, role, connected, members, leases }
}

const CONFIG_PATH = '/api/config'

const IF_MATCH = /^\s*"?(\d{1,15})"?\s*$/

/** The version an `If-Match` header names (`"12"`, or 12), or undefined for none or another shape. */
export function ifMatchVersion(header: string | string[] | undefined): number | undefined {
  const match = typeof header === 'string' ? IF_MATCH.exec(header) : null
  return match ? Number(match[1]) : undefined
}

/**
 * In a cluster, the config's version over REST: `GET /api/config` answers it as `ETag`, and `PUT
 * /api/config` with `If-Match: "<version>"` is refused with 409 at once when it is not the version
 * this host runs. The route then passes the version on (config-routes.ts), and the cluster's
 * write is conditional on it (cluster-config-sync.ts, config-store.ts): a change another host
 * made in between is refused with 409 too, never overwritten. Ignored on a single host.
 */
export function registerClusterConfigVersion(app: FastifyInstance, engine: ClusterInfoPort): void {
  app.addHook('preHandler', async (request, reply) => {
    const version = engine.clusterConfigVersion
    const header = request.headers['if-match']
    if (version === undefined || header === undefined) return
    if (request.method !== 'PUT' || request.routeOptions.url !== CONFIG_PATH) return
    const named = ifMatchVersion(header)
    if (named === undefined)
      return reply.code(400).send(
        errorBody({
          code: 'invalid-argument',
          message: `If-Match must be a config version from the ETag of GET /api/config, such as "12", not ${header}`,
        }),
      )
    if (named !== version)
      return reply.code(409).send(
        errorBody({
          code: 'conflict',
          message:
            `the config changed since version ${named} (the cluster's is ` +
            `${version ?? 'none'}): reload it and make the change again`,
        }),
      )
  })
  app.addHook('onSend', async (request, reply, payload) => {
    const version = engine.clusterConfigVersion
    if (version !== undefined && version !== null && request.method === 'GET')
      if (request.routeOptions.url === CONFIG_PATH) reply.header('ETag', `"${version}"`)
    return payload
  })
}
