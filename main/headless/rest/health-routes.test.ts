import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SourceView } from '../../../shared/domain'
import type { HistoryStatus } from '../../../shared/history-status'
import type { Engine } from '../../services/engine'
import type { SqliteThread } from '../../services/history/sqlite-thread'
import { startTestEngine, type TestEngine } from '../../services/testing/test-engine'
import { waitFor, type TestServer } from '../../services/testing/test-server'
import { silentLogger } from '../../services/util/logger'
import { startHeadlessHost, type HeadlessHost } from '../host'
import { engineInternals } from '../../services/testing/engine-internals'

const TOKEN = 'health-routes-token-0123456789'

let running: TestEngine
let server: TestServer
let engine: Engine
let host: HeadlessHost
let pushed: HistoryStatus[]

beforeEach(async () => {
  running = await startTestEngine({
    sourceId: 'test',
    triggers: [
      {
        id: 'disk',
        name: 'History failing',
        sources: ['vigil'],
        events: ['history-failing'],
        actions: [{ type: 'notify', title: 'History: {{payload.reason}}' }],
      },
    ],
  })
  ;({ server, engine } = running)
  pushed = []
  engine.onDidPush((message) => {
    if (message.channel === 'history:status') pushed.push(message.payload)
  })
  host = await startHeadlessHost({
    engine,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    rendererDir: null,
    logger: silentLogger,
  })
})

afterEach(async () => {
  await host.close()
  await running.dispose()
})

const get = async (path: string, token = true) =>
  (await fetch(`${host.origin}${path}`, {
    headers: token ? { authorization: `Bearer ${TOKEN}` } : {},
  }).then((response) => response.json())) as unknown

/** Makes the history file unable to grow, as a full disk does (see history-disk-full.test.ts). */
async function fillDisk(): Promise<void> {
  const thread = (engineInternals(engine).history as unknown as { thread: SqliteThread }).thread
  const [row] = await thread.query<{ page_count: number }>('PRAGMA page_count')
  await thread.exec(`PRAGMA max_page_count = ${row!.page_count}`)
}

describe('history in REST answers', () => {
  it('tells health checks and scripts that history is not being stored, and why', async () => {
    server.broadcast(JSON.stringify({ type: 'first' }))
    await waitFor(
      () => engineInternals(engine).history!.status().stored === 1,
      'the first event stored',
    )
    expect(await get('/api/health', false)).toMatchObject({
      ok: true,
      history: { state: 'ok', stored: 1, notStored: 0, lastError: null },
    })

    await fillDisk()
    const fill = 'x'.repeat(20_000)
    for (let n = 1; n <= 20; n++) server.broadcast(JSON.stringify({ type: 'big', n, fill }))
    await waitFor(
      () => engineInternals(engine).history!.status().state === 'failing',
      'history to fail',
    )
    await waitFor(
      () => engineInternals(engine).monitor.view('test').counters.events === 21,
      'every event received all the same',
    )

    const health = (await get('/api/health', false)) as { history: Record<string, unknown> }
    expect(health.history).toMatchObject({
      state: 'failing',
      stored: 1,
      notStoredByReason: { 'disk-full': expect.any(Number) },
      backlogBytes: 0,
      lastError: { reason: 'disk-full', message: 'database or disk is full' },
    })
    // The source's own events, and the `vigil` event about it (not storable either).
    const [source] = (await get('/api/sources')) as SourceView[]
    expect(source!.counters.notStored).toBe(20)
    expect(source!.counters.notStoredByReason).toEqual({ 'disk-full': 20 })
    expect(health.history.notStored).toBe(21)

    // The UI heard at once (its banner), over the contract.
    expect(pushed.map((status) => status.state)).toContain('failing')
    expect(engineInternals(engine).history!.status()).toMatchObject({
      failingSince: expect.any(Number),
    })

    // Triggers still run: the `vigil` event fired the trigger listening for it.
    const [alert] = engineInternals(engine).monitor.recentEvents({
      source: 'vigil',
      type: 'history-failing',
    })
    expect(alert!.payload).toMatchObject({
      reason: 'disk-full',
      message: 'database or disk is full',
    })
    await waitFor(
      () =>
        engineInternals(engine)
          .triggers.notifications.list()
          .some((n) => n.title === 'History: disk-full'),
      'the trigger on history-failing',
    )
  })
})
