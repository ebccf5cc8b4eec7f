/**
 * The two clients the benchmark compares, both reading the same simulator over loopback:
 * a bare `ws` client that only JSON.parses each frame, and Vigil's whole pipeline (Engine with a
 * Census source, classifier, 100 triggers, action queue, batching to a no-op renderer).
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { Engine } from '../services/engine'
import { systemClock, type Clock } from '../services/util/clock'
import { silentLogger } from '../services/util/logger'
import { benchTriggers } from './bench-triggers'

export const SUBSCRIBE = {
  service: 'event',
  action: 'subscribe',
  characters: ['all'],
  worlds: ['1', '10', '13', '17', '19', '25', '40'],
  eventNames: ['all'],
  logicalAndCharactersWithWorlds: false,
}

export interface BareClient {
  events(): number
  bytes(): number
  close(): void
}

export async function startBareClient(url: string): Promise<BareClient> {
  const socket = new WebSocket(url, { perMessageDeflate: false })
  let events = 0
  let bytes = 0
  socket.on('message', (data: Buffer) => {
    bytes += data.length
    const frame = JSON.parse(data.toString()) as { type?: unknown }
    if (frame.type === 'serviceMessage') events++
  })
  await new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  socket.send(JSON.stringify(SUBSCRIBE))
  return { events: () => events, bytes: () => bytes, close: () => socket.terminate() }
}

/** Engine time with sub-millisecond resolution, so latencies below 1 ms can be told apart. */
export const hiResClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: systemClock.setTimeout,
  clearTimeout: systemClock.clearTimeout,
}

export interface Pipeline {
  engine: Engine
  events(): number
  close(): Promise<void>
}

export const BENCH_SOURCE = 'bench'

export async function startPipeline(url: string, triggerCount: number): Promise<Pipeline> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-'))
  const engine = await Engine.start({
    dataDir,
    mode: 'headless',
    version: 'bench',
    clock: hiResClock,
    logger: silentLogger,
    firstRunConfig: () => ({
      version: 1,
      sources: [
        {
          id: BENCH_SOURCE,
          name: 'Census simulator',
          preset: 'census',
          enabled: true,
          url,
          headers: {},
          onOpen: [SUBSCRIBE],
        },
      ],
      triggers: benchTriggers(BENCH_SOURCE, triggerCount),
    }),
  })
  // The renderer: receives every push (batches, notifications) and does nothing with them.
  engine.onDidPush(() => {})
  const started = performance.now()
  while (engine.monitor.view(BENCH_SOURCE).state !== 'open') {
    if (performance.now() - started > 10_000) throw new Error('the pipeline did not connect')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return {
    engine,
    events: () => engine.monitor.view(BENCH_SOURCE).counters.events,
    close: async () => {
      await engine.dispose()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
