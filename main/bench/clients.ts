/**
 * What the benchmark connects to the feeder, each in this process:
 *  - a raw socket that discards every byte (the feeder's own ceiling, no websocket parsing);
 *  - a bare `ws` client that only JSON.parses each frame (the baseline);
 *  - Vigil's pipeline: an Engine with a Census source, classifier, the bench triggers, the field
 *    catalogue, batching to a no-op renderer, and SQLite history on or off.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import WebSocket, { type ClientOptions } from 'ws'
import { CENSUS_SUBSCRIBE_ALL } from '../../shared/presets/census-subscription'
import { SOURCE_DEFAULTS } from '../../shared/source-settings'
import type { SourceConfigInput } from '../../shared/source-config'
import type { TriggerConfigInput } from '../../shared/trigger-config'
import { Engine } from '../services/engine'
import { systemClock, type Clock } from '../services/util/clock'
import { silentLogger } from '../services/util/logger'
import { benchTriggers } from './bench-triggers'
import { engineInternals } from '../services/testing/engine-internals'

export interface Client {
  /** Events taken so far (bytes for the discarding socket). */
  count(): number
  close(): Promise<void>
}

/** A socket that asks for the upgrade, then reads and drops everything. */
export async function startDiscard(url: string): Promise<Client> {
  const { hostname, port, pathname } = new URL(url)
  const socket = connect(Number(port), hostname)
  let bytes = 0
  socket.on('data', (data: Buffer) => {
    bytes += data.length
  })
  socket.on('error', () => {})
  await new Promise((resolve) => socket.once('connect', resolve))
  socket.write(
    `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n` +
      'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
      'Sec-WebSocket-Version: 13\r\n\r\n',
  )
  return {
    count: () => bytes,
    close: async () => {
      socket.destroy()
    },
  }
}

/**
 * The `ws` options of the bare client: those the engine dials a source with (dial-plan.ts) that
 * touch frames, so both pay `ws` the same per frame: no permessage-deflate, the same payload cap,
 * UTF-8 validation of text frames left on (ws's default, the engine's too: a frame that is not
 * UTF-8 closes the socket with 1007), frames of one socket read emitted synchronously (ws's
 * client default). The engine's other options (headers, redirects, TLS) act on the handshake only.
 */
export const BARE_WS_OPTIONS = {
  perMessageDeflate: SOURCE_DEFAULTS.perMessageDeflate,
  maxPayload: SOURCE_DEFAULTS.maxPayloadBytes,
  followRedirects: false,
} satisfies ClientOptions

export async function startBareClient(url: string): Promise<Client> {
  const socket = new WebSocket(url, BARE_WS_OPTIONS)
  let events = 0
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { type?: unknown }
    if (frame.type === 'serviceMessage') events++
  })
  await new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  socket.send(JSON.stringify(CENSUS_SUBSCRIBE_ALL))
  return {
    count: () => events,
    close: async () => {
      socket.terminate()
    },
  }
}

/** Engine time with sub-millisecond resolution, so latencies below 1 ms can be told apart. */
export const hiResClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: systemClock.setTimeout,
  clearTimeout: systemClock.clearTimeout,
}

export interface PipelineOptions {
  url: string
  /** How many of the bench triggers (bench-triggers.ts), or the triggers themselves. */
  triggers: number | TriggerConfigInput[]
  history: boolean
  clock?: Clock
  /** Changes to the Census source (the soak uses a generic one). */
  source?: Partial<SourceConfigInput>
}

export interface Pipeline extends Client {
  engine: Engine
  /** Events committed to history so far (0 without history). */
  stored(): number
  /** Events waiting for a history batch, and those history dropped. */
  backlog(): { pending: number; dropped: number }
}

export const BENCH_SOURCE = 'bench'

/** The Census source on the feeder that every pipeline variant runs. */
export function benchSource(url: string) {
  return {
    id: BENCH_SOURCE,
    name: 'Census feeder',
    preset: 'census',
    enabled: true,
    url,
    headers: {},
    onOpen: [CENSUS_SUBSCRIBE_ALL],
  } satisfies SourceConfigInput
}

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-'))
  const engine = await Engine.start({
    dataDir,
    mode: 'headless',
    version: 'bench',
    logger: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.history ? {} : { history: false as const }),
    firstRunConfig: () => ({
      version: 1,
      sources: [{ ...benchSource(options.url), ...options.source }],
      triggers:
        typeof options.triggers === 'number'
          ? benchTriggers(BENCH_SOURCE, options.triggers)
          : options.triggers,
    }),
  })
  // The renderer: receives every push (batches, notifications) and does nothing with them.
  engine.onDidPush(() => {})
  const started = performance.now()
  while (engineInternals(engine).monitor.view(BENCH_SOURCE).state !== 'open') {
    if (performance.now() - started > 10_000) throw new Error('the pipeline did not connect')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const history = () => engineInternals(engine).history?.stats().events
  return {
    engine,
    // Frames, like the bare client: a frame the duplicate filter drops was still read and handled.
    count: () => engineInternals(engine).monitor.view(BENCH_SOURCE).counters.frames,
    stored: () => history()?.written ?? 0,
    backlog: () => ({ pending: history()?.pending ?? 0, dropped: history()?.notStored ?? 0 }),
    close: async () => {
      await engine.dispose()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
