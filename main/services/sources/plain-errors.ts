/**
 * Why a connection failed, in words a user can act on: `connect ECONNREFUSED 127.0.0.1:18777`
 * becomes "nothing is listening at 127.0.0.1:18777". The raw text stays beside it as the detail
 * (`SourceError.detail`), so nothing Node or the server said is lost. docs/config.md ("What errors
 * mean") has the table; plain-errors.test.ts holds it.
 *
 * Messages start in lower case like every source error, since they are also quoted inside longer
 * ones ("the new settings did not open (nothing is listening at …)"); the UI capitalises.
 */

import type { IncomingMessage } from 'node:http'
import type { SourceErrorKind } from '../../../shared/domain'
import { redactUrl } from '../util/logger'

/** Why a connection ended or an attempt failed: what ConnectionEnd carries. */
export interface Cause {
  kind: SourceErrorKind
  /** In plain words. */
  message: string
  /** The raw text `message` was worded from; absent when the message is the raw text. */
  detail?: string
  /** Retrying soon cannot help (a refused upgrade, a rejected login): back off to the cap. */
  hard: boolean
}

/** The fields Node puts on a socket, DNS or TLS error. */
export interface SocketError extends Error {
  code?: string
  address?: string
  port?: number
  hostname?: string
}

/** Where the connection was going, for errors that do not say (Node's AggregateError). */
export interface DialTarget {
  host: string
  port: string
}

/** The host and port a URL dials (its default port when it names none). */
export function dialTarget(url: string): DialTarget {
  const parsed = URL.parse(url)
  if (!parsed) return { host: 'the server', port: '' }
  const port = parsed.port || (parsed.protocol === 'wss:' ? '443' : '80')
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port }
}

function hostPort(host: string, port: string | number | undefined): string {
  if (port === undefined || port === '') return host
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

/**
 * A network or TLS error from the socket, in plain words; undefined when it is neither (the
 * caller words the rest). The message of a raw error may be empty (Node's AggregateError, when
 * every address of a name refused), so the detail falls back to the code.
 */
export function plainSocketError(error: SocketError, target: DialTarget): Cause | undefined {
  const code = error.code ?? ''
  const detail = error.message || code
  const where = hostPort(error.address ?? target.host, error.port ?? target.port)
  const name = error.hostname ?? target.host
  const network = (message: string): Cause => ({ kind: 'network', message, detail, hard: false })
  switch (code) {
    case 'ECONNREFUSED':
      return network(`nothing is listening at ${where}`)
    case 'ENOTFOUND':
      return network(`the name ${name} was not found (DNS): check the host in the URL`)
    case 'EAI_AGAIN':
      return network(
        `the name ${name} could not be looked up (DNS did not answer): check the network`,
      )
    case 'ETIMEDOUT':
      return network(`${where} did not answer: the connection timed out`)
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return network(
        `${error.address ?? target.host} cannot be reached from this machine (no route to it)`,
      )
    case 'ECONNRESET':
      return network('the connection was reset by the server or something between')
    case 'EPIPE':
    case 'ECONNABORTED':
      return network('the connection was cut while Vigil was writing to it')
  }
  return plainTlsError(code, detail)
}

/**
 * A certificate or TLS failure, from a socket error's code or a TLS socket's
 * `authorizationError`; undefined for anything else. All are hard: retrying soon meets the same
 * certificate.
 */
export function plainTlsError(code: string, detail: string): Cause | undefined {
  const tls = (message: string): Cause => ({ kind: 'handshake', message, detail, hard: true })
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return tls(
        "the server's certificate is self-signed: trust it with tls.caFile (or tls.allowSelfSigned)",
      )
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return tls(
        "the server's certificate is from an authority this machine does not trust: set tls.caFile",
      )
    case 'CERT_HAS_EXPIRED':
      return tls("the server's certificate has expired")
    case 'CERT_NOT_YET_VALID':
      return tls("the server's certificate is not valid yet (check this machine's clock)")
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return tls("the server's certificate is not for this host name")
  }
  if (/wrong version number|packet length too long/i.test(detail))
    return tls('the server does not speak TLS on this port: use ws:// or the port for wss://')
  // Node's certificate verification codes (X509_V_ERR_* names without the prefix, plus Node's own).
  if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_/.test(code))
    return tls(`the server's certificate was refused (${code})`)
  return undefined
}

/**
 * A 3xx or 4xx answer to the upgrade will not change if asked again soon (a rejected service id,
 * missing credentials, a moved endpoint), so it backs off hard; 408 and 5xx are worth a normal
 * retry. The raw answer (status line, and the challenge or the redirect's target) is the detail.
 */
export function plainRefusal(response: IncomingMessage): Cause {
  const status = response.statusCode ?? 0
  const statusLine = `HTTP ${status} ${response.statusMessage ?? ''}`.trim()
  const raw = [`the server refused the websocket upgrade: ${statusLine}`]
  const challenge = response.headers['www-authenticate']
  if (status === 401 && challenge)
    raw.push(`it asks for credentials (${String(challenge).slice(0, 100)})`)
  const location = response.headers.location
  const moved = status >= 300 && status < 400 && location !== undefined
  if (moved)
    raw.push(
      `it points to ${redactUrl(location)}; Vigil does not follow redirects, so set that URL`,
    )
  const detail = raw.join('; ')
  const hard = status >= 300 && status < 500 && status !== 408
  const plain = refusalWords(status, statusLine)
  // A redirect's raw words already say what to do; so does any status without words of its own.
  if (moved || plain === undefined) return { kind: 'handshake', message: detail, hard }
  return { kind: 'handshake', message: plain, detail, hard }
}

function refusalWords(status: number, statusLine: string): string | undefined {
  if (status === 401)
    return `the server asks for credentials (${statusLine}): check the source's login settings`
  if (status === 403)
    return `the server refused access (${statusLine}): it does not accept these credentials or this address`
  if (status === 404)
    return `nothing answers at this path (${statusLine}): check the path in the URL`
  if (status >= 200 && status < 300)
    return `this address answers as a web page, not a websocket (${statusLine}): check the URL`
  if (status >= 500)
    return `the server failed to take the connection (${statusLine}): Vigil retries`
  return undefined
}

const CLOSE_CODES: Record<number, string> = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status',
  1007: 'invalid payload',
  1008: 'policy violation',
  1009: 'message too big',
  1010: 'missing extension',
  1011: 'internal error',
  1012: 'service restart',
  1013: 'try again later',
  1014: 'bad gateway',
}

/** Why the server's close frame (or its absence, 1006) ended a connection. */
export function closeCause(code: number, reason: string): Cause {
  if (code === 1006)
    return { kind: 'network', message: 'the connection was lost (no close frame)', hard: false }
  const name = CLOSE_CODES[code] ?? (code >= 4000 ? 'application code' : 'unknown code')
  const why = reason ? `: ${reason.slice(0, 200)}` : ''
  return {
    kind: 'closed',
    message: `the server closed the connection (${code} ${name}${why})`,
    hard: false,
  }
}
