/**
 * The checks the Census service makes on the websocket upgrade, before any frame: the path, the
 * environment, and the service id. A refused upgrade gets a plain HTTP status (403 for a bad
 * service id, as push.planetside2.com answers), which a client sees as an unexpected response.
 */

import { CENSUS_ENVIRONMENTS, isCensusEnvironment, type CensusEnvironment } from './census-data'

export type HandshakeVerdict =
  | { ok: true; environment: CensusEnvironment; serviceId: string }
  | { ok: false; status: number; reason: string }

/** `s:example` is the public id; `s:rejected` stands for an id the service has revoked. */
const SERVICE_ID = /^s:\S+$/
export const REJECTED_SERVICE_ID = 's:rejected'

export function checkHandshake(requestUrl: string | undefined): HandshakeVerdict {
  const url = new URL(requestUrl ?? '/', 'http://localhost')
  if (url.pathname !== '/streaming') return { ok: false, status: 404, reason: 'Not found' }
  const environment = url.searchParams.get('environment')
  if (!isCensusEnvironment(environment)) {
    const expected = CENSUS_ENVIRONMENTS.join(', ')
    return { ok: false, status: 400, reason: `environment must be one of ${expected}` }
  }
  const serviceId = url.searchParams.get('service-id') ?? ''
  if (!SERVICE_ID.test(serviceId) || serviceId === REJECTED_SERVICE_ID) {
    return { ok: false, status: 403, reason: 'Provided Service ID is not registered.' }
  }
  return { ok: true, environment, serviceId }
}

// Shared by every simulator now; re-exported for the Census modules and their tests.
export { refuseUpgrade } from '../http-refusal'
