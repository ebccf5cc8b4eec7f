/**
 * What PI Web API checks on a channel's upgrade request, in its order: credentials first (IIS
 * answers 401 with its challenges before looking at the path), then the route, then the WebIds and
 * query. Pure, so every refusal is tested without a socket.
 *
 * Routes (case-insensitive, as PI Web API's are):
 *   /piwebapi/streams/{webId}/channel            one stream
 *   /piwebapi/streamsets/{webId}/channel         an element's attributes (nameFilter narrows them)
 *   /piwebapi/streamsets/channel?webId=a&webId=b  an ad-hoc set of streams
 */

import { timingSafeEqual } from 'node:crypto'
import type { UpgradeRefusal } from '../http-refusal'
import { findElement, findStream, nameMatches, type PiStream } from './pi-catalog'

export interface PiCredentials {
  /** Basic users as user → password. */
  users: ReadonlyMap<string, string>
  /** Bearer tokens accepted; empty turns Bearer off. */
  bearerTokens: ReadonlySet<string>
  /** Accept upgrades without credentials (a server set up for anonymous access). */
  anonymous: boolean
}

export interface ChannelRequest {
  streams: readonly PiStream[]
  includeInitialValues: boolean
  /** Polling intervals without data before an empty message; 0 for none. */
  heartbeatRate: number
}

export type ChannelVerdict = ({ ok: true } & ChannelRequest) | ({ ok: false } & UpgradeRefusal)

export const PI_REALM = 'PI Web API'

function same(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** True when the Authorization header carries credentials this server accepts. */
export function authorized(header: string | undefined, credentials: PiCredentials): boolean {
  if (header === undefined) return credentials.anonymous
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2)
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return false
    const password = credentials.users.get(decoded.slice(0, colon))
    return password !== undefined && same(password, decoded.slice(colon + 1))
  }
  if (scheme.toLowerCase() === 'bearer') {
    return [...credentials.bearerTokens].some((token) => same(token, value))
  }
  return false
}

function challenges(credentials: PiCredentials): string {
  const offered = [`Basic realm="${PI_REALM}"`]
  if (credentials.bearerTokens.size > 0) offered.push('Bearer')
  return offered.join(', ')
}

/** PI Web API answers bad requests with a JSON body listing its errors. */
function badRequest(status: number, ...errors: string[]): { ok: false } & UpgradeRefusal {
  return {
    ok: false,
    status,
    reason: JSON.stringify({ Errors: errors }),
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  }
}

function flag(value: string | null, name: string): boolean | string {
  if (value === null) return false
  const lower = value.toLowerCase()
  if (lower === 'true' || lower === 'false') return lower === 'true'
  return `The value '${value}' is not valid for ${name}.`
}

export function checkChannelRequest(
  requestUrl: string | undefined,
  authorization: string | undefined,
  credentials: PiCredentials,
): ChannelVerdict {
  if (!authorized(authorization, credentials)) {
    return {
      ok: false,
      status: 401,
      reason: 'Authorization has been denied for this request.',
      headers: { 'WWW-Authenticate': challenges(credentials) },
    }
  }
  const url = new URL(requestUrl ?? '/', 'http://localhost')
  const query = url.searchParams
  const segments = url.pathname.split('/').filter((segment) => segment !== '')
  const route = segments.map((segment) => segment.toLowerCase())
  let streams: PiStream[]
  if (route.length === 4 && route[0] === 'piwebapi' && route[3] === 'channel') {
    const webId = decodeURIComponent(segments[2] ?? '')
    if (route[1] === 'streams') {
      const stream = findStream(webId)
      if (!stream) return badRequest(400, `Unknown or invalid WebID format: '${webId}'.`)
      streams = [stream]
    } else if (route[1] === 'streamsets') {
      const element = findElement(webId)
      const stream = findStream(webId)
      if (!element && !stream)
        return badRequest(400, `Unknown or invalid WebID format: '${webId}'.`)
      const filter = query.get('nameFilter')
      streams = element
        ? element.attributes.filter((attribute) => !filter || nameMatches(filter, attribute.name))
        : [stream!]
    } else {
      return badRequest(404, 'The requested resource was not found.')
    }
  } else if (route.join('/') === 'piwebapi/streamsets/channel') {
    const webIds = query.getAll('webId')
    if (webIds.length === 0) return badRequest(400, "The 'webId' parameter is required.")
    const unknown = webIds.filter((webId) => !findStream(webId))
    if (unknown.length > 0) {
      return badRequest(400, ...unknown.map((id) => `Unknown or invalid WebID format: '${id}'.`))
    }
    streams = webIds.map((webId) => findStream(webId)!)
  } else {
    return badRequest(404, 'The requested resource was not found.')
  }
  const initial = flag(query.get('includeInitialValues'), 'includeInitialValues')
  if (typeof initial === 'string') return badRequest(400, initial)
  const rateText = query.get('heartbeatRate')
  const heartbeatRate = rateText === null ? 0 : Number(rateText)
  if (!Number.isInteger(heartbeatRate)) {
    return badRequest(400, `The value '${rateText}' is not valid for heartbeatRate.`)
  }
  // Zero or negative means no heartbeat, as documented.
  return {
    ok: true,
    streams,
    includeInitialValues: initial,
    heartbeatRate: Math.max(0, heartbeatRate),
  }
}
