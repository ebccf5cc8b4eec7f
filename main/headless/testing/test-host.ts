/**
 * A headless host for tests: on 127.0.0.1, a free port, no renderer unless given, a silent log.
 * Test-only.
 */

import type { Engine } from '../../services/engine'
import { silentLogger } from '../../services/util/logger'
import { startHeadlessHost, type HeadlessHost, type HeadlessHostOptions } from '../host'

export function startTestHost(
  engine: Engine,
  token: string,
  options: Partial<HeadlessHostOptions> = {},
): Promise<HeadlessHost> {
  return startHeadlessHost({
    engine,
    host: '127.0.0.1',
    port: 0,
    token,
    rendererDir: null,
    logger: silentLogger,
    ...options,
  })
}
