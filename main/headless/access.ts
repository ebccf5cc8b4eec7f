/**
 * Who may talk to the headless host. It binds to loopback, but loopback is not a trust boundary:
 * any web page the user visits can make the browser send requests to 127.0.0.1. So:
 * - every request but the health check needs the token (Authorization: Bearer, for scripts) or
 *   the session cookie the host sets when the printed URL (with `?token=`) is opened;
 * - the Host header must name this host, defeating DNS rebinding (evil.example resolving to
 *   127.0.0.1 still sends `Host: evil.example`);
 * - an Origin header, when present, must be this host's own origin, so no other site can drive
 *   the API or the bridge socket from a victim's browser (cookies are SameSite=Strict as well).
 */

import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { isIPv4 } from 'node:net'
import { networkInterfaces } from 'node:os'
import { sessionFor } from './session-key'

export interface AccessPolicy {
  /** `host:port` values accepted in the Host header. */
  allowedHosts: ReadonlySet<string>
  /** Origins accepted in the Origin header. */
  allowedOrigins: ReadonlySet<string>
  token: string
  /**
   * Value of the session cookie, never the token itself: derived from the token under the data
   * directory's session key (see session-key.ts), or random per run without one.
   */
  session: string
  cookieName: string
}

export type AccessVerdict = { ok: true } | { ok: false; status: 401 | 403 | 421; message: string }

const LOOPBACK = ['127.0.0.1', 'localhost', '::1']
const WILDCARD = ['0.0.0.0', '::']

/** The machine's own addresses, which a wildcard bind answers on. */
export function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((entries) =>
    (entries ?? []).map((entry) => entry.address),
  )
}

/**
 * The names a request may address: the bound host, and loopback's names when bound to loopback.
 * A wildcard bind (`0.0.0.0`, `::`) answers on every address of the machine, so each of those
 * is accepted, by address (a name other than `localhost` still fails, defeating DNS rebinding).
 */
export function createAccessPolicy(
  bindHost: string,
  port: number,
  token: string,
  addresses: () => string[] = interfaceAddresses,
  sessionKey?: Buffer,
): AccessPolicy {
  const names = new Set([bindHost])
  if (LOOPBACK.includes(bindHost)) for (const name of LOOPBACK) names.add(name)
  if (WILDCARD.includes(bindHost)) {
    names.delete(bindHost)
    for (const name of [...LOOPBACK, ...addresses()]) names.add(name)
  }
  const hostName = (name: string) =>
    name.includes(':') && !name.startsWith('[') ? `[${name}]` : name
  const allowedHosts = new Set([...names].map((name) => `${hostName(name)}:${port}`))
  const allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`))
  return {
    allowedHosts,
    allowedOrigins,
    token,
    session: sessionKey ? sessionFor(token, sessionKey) : randomBytes(24).toString('base64url'),
    // Cookies are not scoped by port: naming the cookie by port keeps two hosts on one machine
    // from overwriting each other's session.
    cookieName: `vigil_session_${port}`,
  }
}

/** Whether a bind address answers only this machine: `localhost`, 127.0.0.0/8 or `::1`. */
export function isLoopbackHost(bindHost: string): boolean {
  const name = bindHost.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  if (name === 'localhost' || name === '::1') return true
  const v4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name
  return isIPv4(v4) && v4.startsWith('127.')
}

/**
 * What to tell the user when the host is bound where other machines can reach it: the host
 * speaks plain HTTP, so the token, the session cookie and every event cross the network readable
 * by anyone on the path. Null on loopback.
 */
export function exposureWarning(bindHost: string, port: number): string | null {
  if (isLoopbackHost(bindHost)) return null
  return (
    `Warning: --host ${bindHost} makes the UI and the REST API reachable from the network, over ` +
    'plain HTTP: the token and every event cross it unencrypted. Put a TLS-terminating reverse ' +
    'proxy in front of Vigil, or keep --host 127.0.0.1 and reach it through an SSH tunnel ' +
    `(ssh -L ${port}:127.0.0.1:${port} <this machine>).`
  )
}

export function checkHostAndOrigin(
  policy: AccessPolicy,
  headers: IncomingHttpHeaders,
): AccessVerdict {
  const host = headers.host
  if (!host || !policy.allowedHosts.has(host.toLowerCase())) {
    return {
      ok: false,
      status: 421,
      message: `requests must be addressed to ${[...policy.allowedHosts][0]}`,
    }
  }
  const origin = headers.origin
  if (origin !== undefined && !policy.allowedOrigins.has(origin.toLowerCase())) {
    return { ok: false, status: 403, message: 'cross-origin requests are not allowed' }
  }
  return { ok: true }
}

export function hasBearerToken(policy: AccessPolicy, headers: IncomingHttpHeaders): boolean {
  const header = headers.authorization
  if (!header?.startsWith('Bearer ')) return false
  return safeEqual(header.slice('Bearer '.length).trim(), policy.token)
}

export function hasSessionCookie(policy: AccessPolicy, headers: IncomingHttpHeaders): boolean {
  const cookies = headers.cookie
  if (!cookies) return false
  for (const part of cookies.split(';')) {
    const index = part.indexOf('=')
    // Every cookie of the name counts: another app on localhost (cookies ignore ports) may have
    // set one of the same name first, and the browser then sends both.
    if (
      index > 0 &&
      part.slice(0, index).trim() === policy.cookieName &&
      safeEqual(part.slice(index + 1).trim(), policy.session)
    )
      return true
  }
  return false
}

export function isAuthenticated(policy: AccessPolicy, headers: IncomingHttpHeaders): boolean {
  return hasBearerToken(policy, headers) || hasSessionCookie(policy, headers)
}

export function tokenMatches(policy: AccessPolicy, candidate: unknown): boolean {
  return typeof candidate === 'string' && safeEqual(candidate, policy.token)
}

export function sessionCookie(policy: AccessPolicy): string {
  return `${policy.cookieName}=${policy.session}; Path=/; HttpOnly; SameSite=Strict`
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export function generateToken(): string {
  return randomBytes(24).toString('base64url')
}
