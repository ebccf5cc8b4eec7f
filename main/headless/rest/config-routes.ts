import { ifMatchVersion } from './cluster-routes'
import { unchecked, type AnyRestRoute } from './rest-route'

export const configRoutes: AnyRestRoute[] = [
  /** The document as `config:export` has it: literal header credentials as secret references. */
  {
    method: 'GET',
    path: '/api/config',
    channel: 'config:export',
    answer: (exported) => exported.config,
  },
  /**
   * Applies a document: validated (an older version migrated first), then stored atomically. In
   * a cluster, on the version `If-Match` names (checked first by cluster-routes.ts).
   */
  {
    method: 'PUT',
    path: '/api/config',
    channel: 'config:import',
    args: (request) => {
      const expectedVersion = ifMatchVersion(request.headers['if-match'])
      return [unchecked(request.body), expectedVersion === undefined ? {} : { expectedVersion }]
    },
  },
  /** What `PUT /api/config` would do with this document, without doing it. */
  {
    method: 'POST',
    path: '/api/config/preview',
    channel: 'config:preview-import',
    args: (request) => [unchecked(request.body)],
  },
]
