/**
 * The headless host: the engine without Electron, serving the built renderer and the contract to
 * a browser on loopback, plus the REST API for scripts. See access.ts for who may connect.
 */

import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance } from 'fastify'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { BRIDGE_PATH, SESSION_PATH } from '../../shared/bridge'
import { CONTENT_SECURITY_POLICY } from '../content-security-policy'
import { createInvokeHandlers } from '../services/api/invoke-handlers'
import type { Engine } from '../services/engine'
import type { Logger } from '../services/util/logger'
import {
  checkHostAndOrigin,
  createAccessPolicy,
  isAuthenticated,
  sessionCookie,
  tokenMatches,
  type AccessPolicy,
} from './access'
import { BridgeServer } from './bridge-server'
import {
  answerFrameworkError,
  BAD_PATH,
  createClientErrorHandler,
  createErrorHandler,
  pathOf,
  rawErrorAnswer,
  type HttpLimits,
} from './error-envelope'
import { errorBody } from './rest/http-errors'
import { registerRestApi } from './rest'
import { registerSessionRoute } from './session-route'

export interface HeadlessHostOptions {
  engine: Engine
  host: string
  port: number
  token: string
  /** The built renderer (out/renderer); null serves the API only. */
  rendererDir: string | null
  logger: Logger
  /** How long a request may take to arrive in full (default 30 s); tests shorten it. */
  requestTimeoutMs?: number
  /**
   * The data directory's session key (session-key.ts): the session cookie is derived from the
   * token under it, so it outlives a restart with the same token. Without it, random per run.
   */
  sessionKey?: Buffer
}

export interface HeadlessHost {
  /** The address to open in a browser, token included. */
  url: string
  /** The address without the token, for logs and REST clients. */
  origin: string
  port: number
  close(): Promise<void>
}

const MAX_BODY_BYTES = 5 * 1024 * 1024
/** A slow or stalled upload holds a connection and its buffers; 30 s is ample on any link. */
const REQUEST_TIMEOUT_MS = 30_000

export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const { engine, logger } = options
  const limits: HttpLimits = {
    bodyBytes: MAX_BODY_BYTES,
    requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
  }
  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyBytes,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      // Headers too (a slowloris sends them a byte at a time); Node checks every so often, by
      // default every 30 s, which would double the limit.
      headersTimeout: limits.requestTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, limits.requestTimeoutMs / 2),
      // Only the bridge is a websocket: any other request asking to upgrade is answered by the
      // routes like any request (with the token check and the envelope), not refused blind.
      shouldUpgradeCallback: (request) => upgradePath(request) === BRIDGE_PATH,
    },
    frameworkErrors: answerFrameworkError(limits),
    clientErrorHandler: createClientErrorHandler(limits),
    // Answered below in the envelope instead of Fastify's own 503 body.
    return503OnClosing: false,
  })
  let closing = false
  const handlers = createInvokeHandlers(engine)
  const bridge = new BridgeServer(engine, handlers, logger)
  // Built on first use, once listening: only then is the port known (port 0 picks a free one).
  let access: AccessPolicy | undefined
  const policy = (): AccessPolicy =>
    (access ??= createAccessPolicy(
      options.host,
      (app.server.address() as AddressInfo).port,
      options.token,
      undefined,
      options.sessionKey,
    ))

  app.addHook('onRequest', async (request, reply) => {
    if (closing)
      return reply
        .code(503)
        .header('Connection', 'close')
        .send(errorBody({ code: 'unavailable', message: 'Vigil is shutting down' }))
    const access = policy()
    const verdict = checkHostAndOrigin(access, request.headers)
    if (!verdict.ok)
      return reply
        .code(verdict.status)
        .send(errorBody({ code: 'forbidden', message: verdict.message }))
    const url = URL.parse(request.url, 'http://host.invalid')
    if (url === null) return reply.code(400).send(errorBody(BAD_PATH))
    // Exempt by the route Fastify matched, not by a normalised path: the two can differ. The
    // session route takes the token in its body (and checks it itself).
    const route = request.routeOptions.url
    if (route === '/api/health' || (route === SESSION_PATH && request.method === 'POST')) return
    if (url.pathname.startsWith('/api/')) {
      if (isAuthenticated(access, request.headers)) return
      return reply
        .code(401)
        .header('WWW-Authenticate', 'Bearer')
        .send(
          errorBody({
            code: 'forbidden',
            message: 'missing or wrong token: send "Authorization: Bearer <token>"',
          }),
        )
    }
    const offered = url.searchParams.get('token')
    if (offered !== null) {
      if (!tokenMatches(access, offered)) {
        return reply
          .code(401)
          .type('text/plain')
          .send('Wrong token. Open the URL printed by `npm run headless`.')
      }
      // Trade the token for a session cookie and take it out of the address bar and history.
      url.searchParams.delete('token')
      return reply
        .code(303)
        .header('Set-Cookie', sessionCookie(access))
        .header('Location', url.pathname + url.search)
        .send()
    }
    if (!isAuthenticated(access, request.headers)) {
      return reply
        .code(401)
        .type('text/plain')
        .send(
          'Vigil needs its access token. Open the URL printed by `npm run headless` (it ends in ?token=...).',
        )
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    reply.header('X-Content-Type-Options', 'nosniff')
    reply.header('Referrer-Policy', 'no-referrer')
    reply.header('Cross-Origin-Opener-Policy', 'same-origin')
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store')
    return payload
  })

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(
      errorBody({
        code: 'not-found',
        message: `no route for ${request.method} ${pathOf(request.url)}`,
      }),
    )
  })

  app.setErrorHandler(createErrorHandler(limits, logger))

  registerRestApi(app, engine, handlers, logger)
  registerSessionRoute(app, policy)
  registerRenderer(app, options.rendererDir, logger)

  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, message: string) =>
      socket.end(
        rawErrorAnswer({ code: status === 404 ? 'not-found' : 'forbidden', message }, status),
      )
    const access = policy()
    if (upgradePath(request) !== BRIDGE_PATH) return refuse(404, 'the only websocket is /bridge')
    const verdict = checkHostAndOrigin(access, request.headers)
    if (!verdict.ok) return refuse(verdict.status, verdict.message)
    if (!isAuthenticated(access, request.headers))
      return refuse(401, 'the bridge needs the session cookie: open the URL printed at start')
    bridge.accept(request, socket, head)
  })

  await app.listen({ host: options.host, port: options.port })
  const { port } = app.server.address() as AddressInfo
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host
  const origin = `http://${hostPart}:${port}`

  return {
    url: `${origin}/?token=${encodeURIComponent(options.token)}`,
    origin,
    port,
    close: async () => {
      closing = true
      bridge.close()
      await app.close()
    },
  }
}

/**
 * The path an upgrade asks for. It must not throw: it runs before any check, and an unparsable
 * path from any web page would otherwise end the process.
 */
function upgradePath(request: IncomingMessage): string | undefined {
  return URL.parse(request.url ?? '/', 'http://host.invalid')?.pathname
}

function registerRenderer(app: FastifyInstance, rendererDir: string | null, logger: Logger): void {
  if (rendererDir && existsSync(join(rendererDir, 'index.html'))) {
    void app.register(fastifyStatic, { root: rendererDir, index: 'index.html', wildcard: true })
    return
  }
  logger.warn('the renderer is not built (run `npm run build`); serving the REST API only')
  app.get('/', (_request, reply) => {
    reply
      .code(503)
      .type('text/plain')
      .send('The Vigil UI is not built. Run `npm run build`, then restart.')
  })
}
