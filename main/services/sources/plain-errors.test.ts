/**
 * The wording table of docs/config.md ("What errors mean"): each raw error, as Node raises it,
 * becomes words a user can act on, with the raw text kept as the detail. The real cases (a closed
 * port, refused upgrades) run against servers on 127.0.0.1.
 */

import type { IncomingMessage } from 'node:http'
import WebSocket from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { closedPort } from '../testing/closed-port'
import { startSourceHarness, type SourceHarness } from '../testing/source-harness'
import {
  dialTarget,
  plainRefusal,
  plainSocketError,
  plainTlsError,
  type SocketError,
} from './plain-errors'

function nodeError(message: string, fields: Partial<SocketError>): SocketError {
  return Object.assign(new Error(message), fields)
}

const target = { host: 'events.example.com', port: '443' }

describe('socket errors in plain words', () => {
  it.each([
    [
      nodeError('connect ECONNREFUSED 127.0.0.1:18777', {
        code: 'ECONNREFUSED',
        address: '127.0.0.1',
        port: 18777,
      }),
      'nothing is listening at 127.0.0.1:18777',
    ],
    [
      nodeError('getaddrinfo ENOTFOUND example.invalid', {
        code: 'ENOTFOUND',
        hostname: 'example.invalid',
      }),
      'the name example.invalid was not found (DNS): check the host in the URL',
    ],
    [
      nodeError('getaddrinfo EAI_AGAIN example.com', {
        code: 'EAI_AGAIN',
        hostname: 'example.com',
      }),
      'the name example.com could not be looked up (DNS did not answer): check the network',
    ],
    [
      nodeError('connect ETIMEDOUT 10.0.0.1:443', {
        code: 'ETIMEDOUT',
        address: '10.0.0.1',
        port: 443,
      }),
      '10.0.0.1:443 did not answer: the connection timed out',
    ],
    [
      nodeError('connect EHOSTUNREACH 10.0.0.1:443', { code: 'EHOSTUNREACH', address: '10.0.0.1' }),
      '10.0.0.1 cannot be reached from this machine (no route to it)',
    ],
    [
      nodeError('connect ENETUNREACH 10.0.0.1:443', { code: 'ENETUNREACH', address: '10.0.0.1' }),
      '10.0.0.1 cannot be reached from this machine (no route to it)',
    ],
    [
      nodeError('read ECONNRESET', { code: 'ECONNRESET' }),
      'the connection was reset by the server or something between',
    ],
  ])('%s', (error, message) => {
    expect(plainSocketError(error, target)).toEqual({
      kind: 'network',
      message,
      detail: error.message,
      hard: false,
    })
  })

  it("names the dialled address when Node's error does not (every address of a name refused)", () => {
    // Node's AggregateError from trying each address of `localhost` carries a code, no message.
    const error = nodeError('', { code: 'ECONNREFUSED' })
    expect(plainSocketError(error, dialTarget('ws://localhost:18777/stream'))).toMatchObject({
      message: 'nothing is listening at localhost:18777',
      detail: 'ECONNREFUSED',
    })
    expect(dialTarget('wss://[::1]/x')).toEqual({ host: '::1', port: '443' })
    expect(plainSocketError(error, dialTarget('wss://[::1]/x'))?.message).toBe(
      'nothing is listening at [::1]:443',
    )
  })

  it('leaves what it has no words for to the caller', () => {
    expect(plainSocketError(nodeError('something odd', { code: 'EWEIRD' }), target)).toBe(undefined)
    expect(plainSocketError(nodeError('no code at all', {}), target)).toBe(undefined)
  })
})

describe('certificate errors in plain words', () => {
  it.each([
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'self-signed certificate',
      /is self-signed: trust it with tls\.caFile/,
    ],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', /is self-signed/],
    [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'unable to verify the first certificate',
      /from an authority this machine does not trust: set tls\.caFile/,
    ],
    [
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'unable to get local issuer certificate',
      /does not trust/,
    ],
    ['CERT_HAS_EXPIRED', 'certificate has expired', /^the server's certificate has expired$/],
    [
      'CERT_NOT_YET_VALID',
      'certificate is not yet valid',
      /not valid yet \(check this machine's clock\)/,
    ],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      "Hostname/IP does not match certificate's altnames: Host: a. is not in the cert's altnames",
      /is not for this host name/,
    ],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'C0:error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
      /does not speak TLS on this port: use ws:\/\//,
    ],
    [
      'CERT_REVOKED',
      'certificate revoked',
      /^the server's certificate was refused \(CERT_REVOKED\)$/,
    ],
  ])('%s', (code, detail, message) => {
    const cause = plainTlsError(code, detail)
    expect(cause).toMatchObject({ kind: 'handshake', detail, hard: true })
    expect(cause?.message).toMatch(message)
    // The socket error path reaches the same words.
    expect(plainSocketError(nodeError(detail, { code }), target)?.message).toBe(cause?.message)
  })
})

function response(
  statusCode: number,
  statusMessage: string,
  headers: Record<string, string> = {},
): IncomingMessage {
  return { statusCode, statusMessage, headers } as unknown as IncomingMessage
}

describe('refused upgrades in plain words', () => {
  it.each([
    [
      401,
      'Unauthorized',
      "the server asks for credentials (HTTP 401 Unauthorized): check the source's login settings",
      true,
    ],
    [
      403,
      'Forbidden',
      'the server refused access (HTTP 403 Forbidden): it does not accept these credentials or this address',
      true,
    ],
    [
      404,
      'Not Found',
      'nothing answers at this path (HTTP 404 Not Found): check the path in the URL',
      true,
    ],
    [
      200,
      'OK',
      'this address answers as a web page, not a websocket (HTTP 200 OK): check the URL',
      false,
    ],
    [
      503,
      'Service Unavailable',
      'the server failed to take the connection (HTTP 503 Service Unavailable): Vigil retries',
      false,
    ],
  ])('HTTP %i', (status, text, message, hard) => {
    expect(plainRefusal(response(status, text))).toEqual({
      kind: 'handshake',
      message,
      detail: `the server refused the websocket upgrade: HTTP ${status} ${text}`,
      hard,
    })
  })

  it("keeps the server's challenge in the detail, and a redirect's target in the message", () => {
    expect(
      plainRefusal(response(401, 'Unauthorized', { 'www-authenticate': 'Bearer realm="x"' })),
    ).toMatchObject({
      detail:
        'the server refused the websocket upgrade: HTTP 401 Unauthorized; it asks for credentials (Bearer realm="x")',
    })
    const moved = plainRefusal(
      response(301, 'Moved Permanently', { location: 'wss://new.example/ws?token=abc' }),
    )
    expect(moved.message).toMatch(
      /HTTP 301 Moved Permanently; it points to wss:\/\/new\.example\/ws/,
    )
    expect(moved.message).not.toContain('abc')
    expect(moved.detail).toBe(undefined)
    expect(moved.hard).toBe(true)
  })

  it('keeps the raw words for a status it has none for', () => {
    expect(plainRefusal(response(400, 'Bad Request'))).toEqual({
      kind: 'handshake',
      message: 'the server refused the websocket upgrade: HTTP 400 Bad Request',
      hard: true,
    })
  })
})

describe('real errors, as a source reports them', () => {
  let h: SourceHarness | undefined
  afterEach(async () => {
    await h?.dispose()
    h = undefined
  })

  it('Node raises ECONNREFUSED with the address and port the words use', async () => {
    const port = await closedPort()
    const error = await new Promise<SocketError>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/`)
      socket.once('error', resolve)
    })
    expect(plainSocketError(error, dialTarget(`ws://127.0.0.1:${port}/`))?.message).toBe(
      `nothing is listening at 127.0.0.1:${port}`,
    )
  })

  it("a source on a closed port: the plain message, Node's text as the detail", async () => {
    h = await startSourceHarness()
    const port = await closedPort()
    h.monitor.upsertSource(h.source({ url: `ws://127.0.0.1:${port}/` }))
    await h.waitState('reconnecting')
    expect(h.view().lastError).toMatchObject({
      kind: 'network',
      message: `nothing is listening at 127.0.0.1:${port}`,
      detail: `connect ECONNREFUSED 127.0.0.1:${port}`,
    })
  })

  it('a source refused with 404: the plain message, the status line as the detail', async () => {
    h = await startSourceHarness()
    h.server.setUpgrade({ kind: 'refuse', status: 404 })
    h.monitor.upsertSource(h.source())
    await h.waitState('reconnecting')
    expect(h.view().lastError).toMatchObject({
      kind: 'handshake',
      message: 'nothing answers at this path (HTTP 404 Not Found): check the path in the URL',
      detail: 'the server refused the websocket upgrade: HTTP 404 Not Found',
    })
  })
})
