import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import type { SourceConfigInput } from '../../shared/source-config'
import { Engine } from './engine'
import { GatedThread } from './history/testing/gated-thread'
import { ManualClock } from './testing/manual-clock'
import { startTestServer, waitFor, type TestServer } from './testing/test-server'
import { genericTestSource } from './testing/test-source'
import type { Clock } from './util/clock'
import { silentLogger } from './util/logger'
import { engineInternals } from './testing/engine-internals'

const FRAMES = 12_000
const FILL = 'x'.repeat(1_000)

let dir: string
let server: TestServer
let engine: Engine | undefined
let thread: GatedThread | undefined

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-backpressure-'))
  server = await startTestServer()
})

afterEach(async () => {
  thread?.release()
  await engine?.dispose()
  engine = undefined
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

async function start(source: Partial<SourceConfigInput> = {}, clock?: Clock): Promise<Engine> {
  engine = await Engine.start({
    dataDir: dir,
    mode: 'headless',
    version: '0.0.0',
    logger: silentLogger,
    ...(clock ? { clock } : {}),
    history: { thread: (path, data) => (thread = new GatedThread(path, data)) },
    firstRunConfig: () => ({
      version: 1,
      sources: [{ ...genericTestSource('src', server.url), ...source }],
      triggers: [],
      // A small budget, so the test floods past it quickly.
      preferences: { history: { backlogMb: 1 } },
    }),
  })
  await waitFor(() => engineInternals(engine!).monitor.view('src').state === 'open', 'open')
  return engine
}

/** Sends `count` frames of about 1 KiB as fast as ws takes them, a slice per turn of the loop. */
function flood(socket: WebSocket, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seq = 0
    const more = () => {
      for (let i = 0; i < 500 && seq < count; i++) socket.send(`{"seq":${++seq},"fill":"${FILL}"}`)
      if (seq < count) setImmediate(more)
      else resolve()
    }
    more()
  })
}

function storedSeqs(): { n: number; distinct: number; max: number } {
  const db = new DatabaseSync(join(dir, 'history.sqlite'), { readOnly: true })
  try {
    return db
      .prepare(
        'SELECT count(*) AS n, count(DISTINCT payload ->> \'$.seq\') AS "distinct", ' +
          "max(payload ->> '$.seq') AS max FROM events WHERE source_id = 'src'",
      )
      .get() as { n: number; distinct: number; max: number }
  } finally {
    db.close()
  }
}

// Real sockets carry 12 MB here; on a loaded machine that takes a while, and nothing is timed.
describe('Backpressure from history to the sources', { timeout: 60_000 }, () => {
  it('stops reading a flooding source while history is behind, and stores every event once after', async () => {
    // The engine's timers run on this clock, sockets in real time: a minute of pause is a step.
    const clock = new ManualClock()
    const engine = await start(
      {
        keepalive: { pingIntervalMs: 1_000, pongTimeoutMs: 500 },
        watchdog: { silenceMs: 1_000 },
      },
      clock,
    )
    const view = () => engineInternals(engine).monitor.view('src')
    thread!.hold()
    const socket = server.sockets[0]!
    await flood(socket, FRAMES)

    // Past the 1 MiB budget the source stops reading: the server cannot drain its socket.
    await waitFor(
      () => engineInternals(engine).history!.status().state === 'behind',
      'history to fall behind',
    )
    await waitFor(() => socket.bufferedAmount > 0, 'the server to hold frames it cannot send')
    const received = view().counters.events
    expect(received).toBeLessThan(FRAMES)
    expect(engineInternals(engine).history!.status()).toMatchObject({ notStored: 0 })
    expect(engineInternals(engine).history!.status().backlogBytes).toBeLessThanOrEqual(
      2 * 1024 * 1024,
    )

    // A minute paused: pings go unanswered (their answers cannot be read) and nothing arrives,
    // yet keepalive and the silence watchdog leave the connection alone.
    for (let second = 0; second < 60; second++) {
      clock.advance(1_000)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    expect(view()).toMatchObject({ state: 'open' })
    expect(view().counters).toMatchObject({ events: received, reconnects: 0, errors: 0 })
    expect(view().counters.pausedMs).toBeGreaterThanOrEqual(60_000)

    // The disk catches up: reading resumes, and every frame the server sent is stored once. The
    // engine's clock moves no faster than real time (a poll is at least 10 ms), so a busy
    // machine's pause between frames cannot look like a dead connection to keepalive.
    thread!.release()
    await waitFor(
      () => {
        clock.advance(10)
        return engineInternals(engine).history!.status().stored === FRAMES
      },
      'every frame stored',
      30_000,
    )
    expect(storedSeqs()).toEqual({ n: FRAMES, distinct: FRAMES, max: FRAMES })
    expect(view().counters).toMatchObject({ events: FRAMES, notStored: 0, reconnects: 0 })
    expect(engineInternals(engine).history!.status()).toMatchObject({ state: 'ok', notStored: 0 })
  })

  it('with whenBehind "skip-history", keeps reading and counts what history skipped', async () => {
    const engine = await start()
    await engine.replaceConfig({
      ...engine.config,
      preferences: {
        ...engine.config.preferences,
        history: { ...engine.config.preferences.history, whenBehind: 'skip-history' },
      },
    })
    thread!.hold()
    await flood(server.sockets[0]!, 3_000)
    await waitFor(
      () => engineInternals(engine).monitor.view('src').counters.events === 3_000,
      'every frame read',
    )
    const { counters } = engineInternals(engine).monitor.view('src')
    expect(counters.pausedMs).toBe(0)
    expect(counters.notStored).toBeGreaterThan(0)
    expect(counters.notStoredByReason).toEqual({ behind: counters.notStored })

    thread!.release()
    await engineInternals(engine).history!.flush()
    expect(engineInternals(engine).history!.status()).toMatchObject({
      stored: 3_000 - counters.notStored,
      notStored: counters.notStored,
    })
    expect(storedSeqs().n).toBe(3_000 - counters.notStored)
  })
})
