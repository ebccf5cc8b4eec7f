import { beforeEach, describe, expect, it } from 'vitest'
import type { SourceView } from '../../../shared/domain'
import type { HistoryStatus } from '../../../shared/history-status'
import type { SqliteThread } from '../../services/history/sqlite-thread'
import { waitFor } from '../../services/testing/test-server'
import { useRestHost } from '../testing/rest-host'
import { engineInternals } from '../../services/testing/engine-internals'

const TOKEN = 'health-routes-token-0123456789'

const rest = useRestHost(TOKEN, {
  engine: {
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
  },
})
let pushed: HistoryStatus[]

beforeEach(() => {
  pushed = []
  rest.engine.onDidPush((message) => {
    if (message.channel === 'history:status') pushed.push(message.payload)
  })
})

/** An answer's JSON, asked with the token or (`token` false) without. */
const get = async (path: string, token = true) => {
  const response = await (token ? rest.call('GET', path) : fetch(`${rest.host.origin}${path}`))
  return (await response.json()) as unknown
}

/** Makes the history file unable to grow, as a full disk does (see history-disk-full.test.ts). */
async function fillDisk(): Promise<void> {
  const thread = (engineInternals(rest.engine).history as unknown as { thread: SqliteThread })
    .thread
  const [row] = await thread.query<{ page_count: number }>('PRAGMA page_count')
  await thread.exec(`PRAGMA max_page_count = ${row!.page_count}`)
}

describe('history in REST answers', () => {
  it('tells health checks and scripts that history is not being stored, and why', async () => {
    rest.server.broadcast(JSON.stringify({ type: 'first' }))
    await waitFor(
      () => engineInternals(rest.engine).history!.status().stored === 1,
      'the first event stored',
    )
    expect(await get('/api/health', false)).toMatchObject({
      ok: true,
      history: { state: 'ok', stored: 1, notStored: 0, lastError: null },
    })

    await fillDisk()
    const fill = 'x'.repeat(20_000)
    for (let n = 1; n <= 20; n++) rest.server.broadcast(JSON.stringify({ type: 'big', n, fill }))
    await waitFor(
      () => engineInternals(rest.engine).history!.status().state === 'failing',
      'history to fail',
    )
    await waitFor(
      () => engineInternals(rest.engine).monitor.view('test').counters.events === 21,
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
    expect(engineInternals(rest.engine).history!.status()).toMatchObject({
      failingSince: expect.any(Number),
    })

    // Triggers still run: the `vigil` event fired the trigger listening for it.
    const [alert] = engineInternals(rest.engine).monitor.recentEvents({
      source: 'vigil',
      type: 'history-failing',
    })
    expect(alert!.payload).toMatchObject({
      reason: 'disk-full',
      message: 'database or disk is full',
    })
    await waitFor(
      () =>
        engineInternals(rest.engine)
          .triggers.notifications.list()
          .some((n) => n.title === 'History: disk-full'),
      'the trigger on history-failing',
    )
  })
})
