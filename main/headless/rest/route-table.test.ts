import { readFileSync } from 'node:fs'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeChannels, isInvokeChannel } from '../../../shared/ipc'
import { invokeArgSchemas } from '../../../shared/ipc-schemas'
import { VigilError, type ErrorCode } from '../../../shared/result'
import { createInvokeHandlers, type InvokeHandlers } from '../../services/api/invoke-handlers'
import { startTestEngine, type TestEngine } from '../../services/testing/test-engine'
import { silentLogger } from '../../services/util/logger'
import { httpStatus } from './http-errors'
import { restRoutes } from './index'
import { registerRouteTable } from './route-dispatch'

/** Every contract error code: the compiler keeps this list whole. */
const errorCodes = Object.keys({
  'invalid-argument': true,
  'not-found': true,
  conflict: true,
  'not-open': true,
  forbidden: true,
  'unknown-channel': true,
  unavailable: true,
  'disk-full': true,
  internal: true,
} satisfies Record<ErrorCode, true>) as ErrorCode[]

/** The routes served beside the table, by adapters (see rest/index.ts, and session-route.ts). */
const adapterRoutes = ['GET /api/health', 'GET /api/export', 'POST /api/session']

describe('the REST route table', () => {
  it('maps every route to a registered contract channel, once per method and path', () => {
    const seen = new Set<string>()
    for (const route of restRoutes) {
      const name = `${route.method} ${route.path}`
      expect(isInvokeChannel(route.channel), name).toBe(true)
      expect(invokeChannels[route.channel], name).toBe(true)
      expect(invokeArgSchemas[route.channel], name).toBeDefined()
      expect(route.path, name).toMatch(/^\/api\//)
      expect(seen.has(name), `${name} twice`).toBe(false)
      seen.add(name)
    }
    expect(seen.size).toBeGreaterThan(30)
  })

  it('has every route, table or adapter, in the REST table of docs/rest-api.md', () => {
    const docs = readFileSync(new URL('../../../docs/rest-api.md', import.meta.url), 'utf8')
    const documented = new Set(
      [...docs.matchAll(/^\| `(GET|POST|PUT|DELETE) (\/api\/[^`?]*)/gm)].map(
        ([, method, path]) => `${method} ${path}`,
      ),
    )
    const served = [...restRoutes.map((r) => `${r.method} ${r.path}`), ...adapterRoutes]
    expect(served.filter((route) => !documented.has(route))).toEqual([])
  })
})

describe('errors through the route table', () => {
  let running: TestEngine
  let handlers: InvokeHandlers
  let app: FastifyInstance
  let failure: unknown

  beforeAll(async () => {
    running = await startTestEngine()
    handlers = {
      ...createInvokeHandlers(running.engine),
      'app:info': () => {
        throw failure
      },
    }
    app = Fastify()
    registerRouteTable(
      app,
      [
        { method: 'GET', path: '/api/failing', channel: 'app:info' },
        {
          method: 'DELETE',
          path: '/api/things/:id',
          channel: 'source:remove',
          args: (request) => [request.params.id!],
          status: 204,
        },
        {
          method: 'GET',
          path: '/api/broken',
          channel: 'source:remove',
          args: () => {
            throw new TypeError('a bug in a builder')
          },
        },
      ],
      handlers,
      silentLogger,
    )
  })

  afterAll(async () => {
    await app.close()
    await running.dispose()
  })

  it.each(errorCodes)('answers a handler’s %s with the status of the one mapping', async (code) => {
    failure = new VigilError(code, `it failed as ${code}`)
    const response = await app.inject({ method: 'GET', url: '/api/failing' })
    expect(response.statusCode).toBe(httpStatus({ code }))
    expect(response.json()).toEqual({ error: { code, message: `it failed as ${code}` } })
  })

  it('answers an unexpected error as internal (500), and the contract’s validation as 400', async () => {
    failure = new TypeError('a bug')
    const bug = await app.inject({ method: 'GET', url: '/api/failing' })
    expect(bug.statusCode).toBe(500)
    expect(bug.json()).toEqual({ error: { code: 'internal', message: 'a bug' } })
    failure = new Error('x'.repeat(5_000))
    const long = (await app.inject({ method: 'GET', url: '/api/failing' })).json<{
      error: { message: string }
    }>()
    expect(long.error.message).toBe(`${'x'.repeat(300)}…`)
    const builder = await app.inject({ method: 'GET', url: '/api/broken' })
    expect(builder.statusCode).toBe(500)
    expect(builder.json()).toEqual({ error: { code: 'internal', message: 'a bug in a builder' } })

    const invalid = await app.inject({ method: 'DELETE', url: '/api/things/Not%20An%20Id' })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json()).toMatchObject({
      error: { code: 'invalid-argument', issues: [{ path: '(argument)' }] },
    })
    const missing = await app.inject({ method: 'DELETE', url: '/api/things/nope' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({
      error: { code: 'not-found', message: 'no source with id "nope"' },
    })
    expect((await app.inject({ method: 'DELETE', url: '/api/things/src' })).statusCode).toBe(204)
    expect(running.engine.config.sources).toEqual([])
  })
})
