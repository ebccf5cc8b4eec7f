/**
 * A test engine behind a headless host, fresh for each test, and a REST client for it with the
 * token: what every REST route test starts from. Test-only.
 */

import { afterEach, beforeEach } from 'vitest'
import type { Engine } from '../../services/engine'
import {
  startTestEngine,
  type TestEngine,
  type TestEngineOptions,
} from '../../services/testing/test-engine'
import type { TestServer } from '../../services/testing/test-server'
import type { HeadlessHost, HeadlessHostOptions } from '../host'
import { startTestHost } from './test-host'

/**
 * A request to the host with the token. `body` goes as JSON, or as it is (a string) with another
 * content type (`text/plain`).
 */
export type RestCall = (
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
) => Promise<Response>

export interface RestHost {
  readonly engine: Engine
  readonly server: TestServer
  readonly host: HeadlessHost
  call: RestCall
}

export function useRestHost(
  token: string,
  options: { engine?: TestEngineOptions; host?: Partial<HeadlessHostOptions> } = {},
): RestHost {
  let running: TestEngine | undefined
  let host: HeadlessHost | undefined
  beforeEach(async () => {
    running = await startTestEngine(options.engine)
    host = await startTestHost(running.engine, token, options.host)
  })
  afterEach(async () => {
    await host?.close()
    await running?.dispose()
  })
  const started = () => {
    if (!running || !host) throw new Error('useRestHost: used outside a test')
    return { running, host }
  }
  return {
    get engine() {
      return started().running.engine
    },
    get server() {
      return started().running.server
    },
    get host() {
      return started().host
    },
    call: (method, path, body, contentType = 'application/json') =>
      fetch(`${started().host.origin}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': contentType }),
        },
        ...(body === undefined
          ? {}
          : { body: contentType === 'application/json' ? JSON.stringify(body) : String(body) }),
      }),
  }
}
