import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExportRequest } from '../../../shared/history'
import { ManualClock } from '../testing/manual-clock'
import { silentLogger } from '../util/logger'
import { History } from './history'
import { csvText } from './history-export'

let dir: string
let clock: ManualClock
let history: History

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-export-'))
  clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5))
  history = History.open({ path: join(dir, 'history.sqlite'), clock, logger: silentLogger })
})

afterEach(async () => {
  await history.close()
  await rm(dir, { recursive: true, force: true })
})

async function exported(request: ExportRequest): Promise<string> {
  const path = join(dir, `out-${Math.random().toString(36).slice(2)}`)
  const result = await history.exportToFile(request, path)
  const text = await readFile(path, 'utf8')
  expect(result.bytes).toBe(Buffer.byteLength(text))
  return text
}

describe('history export', () => {
  beforeEach(() => {
    const at = clock.now()
    history.events.record({
      id: 1,
      sourceId: 'ps2',
      type: 'Death',
      receivedAt: at,
      payload: { a: '1' },
    })
    history.events.record({
      id: 2,
      sourceId: 'ps2',
      type: '=HYPERLINK("x")',
      receivedAt: at + 1,
      payload: { note: 'comma, "quote"\nline' },
    })
    history.events.record({
      id: 3,
      sourceId: 'other',
      type: 'Death',
      receivedAt: at + 2,
      payload: [1],
    })
    history.notifications.add({
      triggerId: 't1',
      eventId: 1,
      sourceId: 'ps2',
      title: 'Killed, again',
      body: '@everyone',
      urgency: 'critical',
      firedAt: at,
    })
  })

  it('writes events as JSON Lines, oldest first, with the filters applied', async () => {
    const lines = (await exported({ kind: 'events', format: 'jsonl' })).trimEnd().split('\n')
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { id: 1, sourceId: 'ps2', type: 'Death', receivedAt: clock.now(), payload: { a: '1' } },
      expect.objectContaining({ id: 2, payload: { note: 'comma, "quote"\nline' } }),
      expect.objectContaining({ id: 3, sourceId: 'other', payload: [1] }),
    ])
    const filtered = await exported({
      kind: 'events',
      format: 'jsonl',
      type: 'Death',
      source: 'ps2',
    })
    expect(filtered.trimEnd().split('\n')).toHaveLength(1)
    expect(await exported({ kind: 'events', format: 'jsonl', q: 'QUOTE' })).toContain('"id":2')
  })

  it('finds quotes and backslashes in events as typed, like search', async () => {
    history.events.record({
      id: 4,
      sourceId: 'ps2',
      type: 'Chat',
      receivedAt: clock.now() + 3,
      payload: { msg: 'say "hi"', p: 'C:\\dir' },
    })
    const ids = async (q: string) =>
      (await exported({ kind: 'events', format: 'jsonl', q }))
        .trimEnd()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { id: number }).id)
    expect(await ids('"hi"')).toEqual([4])
    expect(await ids('SAY "HI"')).toEqual([4])
    expect(await ids('C:\\dir')).toEqual([4])
    // The note of event 2 holds quotes too.
    expect(await ids('"quote"')).toEqual([2])
    // The JSON's own quotes are still found as typed.
    expect(await ids('"p":"C:\\\\dir"')).toEqual([4])
  })

  it('writes events as CSV with quoting and formula-looking cells defused', async () => {
    const text = await exported({ kind: 'events', format: 'csv', source: 'ps2' })
    expect(text).toBe(
      'id,sourceId,type,receivedAt,receivedAtIso,payload\r\n' +
        `1,ps2,Death,${clock.now()},2026-01-02T03:04:05.000Z,"{""a"":""1""}"\r\n` +
        `2,ps2,"'=HYPERLINK(""x"")",${clock.now() + 1},2026-01-02T03:04:05.001Z,` +
        '"{""note"":""comma, \\""quote\\""\\nline""}"\r\n',
    )
  })

  it('writes notifications as JSON Lines and CSV', async () => {
    const [line] = (await exported({ kind: 'notifications', format: 'jsonl' }))
      .trimEnd()
      .split('\n')
    expect(JSON.parse(line!)).toEqual({
      id: 1,
      triggerId: 't1',
      eventId: 1,
      sourceId: 'ps2',
      title: 'Killed, again',
      body: '@everyone',
      urgency: 'critical',
      firedAt: clock.now(),
      read: false,
    })
    expect(await exported({ kind: 'notifications', format: 'csv', trigger: 't1' })).toBe(
      'id,triggerId,eventId,sourceId,urgency,firedAt,firedAtIso,read,title,body\r\n' +
        `1,t1,1,ps2,critical,${clock.now()},2026-01-02T03:04:05.000Z,false,"Killed, again",'@everyone\r\n`,
    )
  })

  it('never overwrites an existing file', async () => {
    const path = join(dir, 'taken')
    await history.exportToFile({ kind: 'events', format: 'jsonl' }, path)
    await expect(history.exportToFile({ kind: 'events', format: 'csv' }, path)).rejects.toThrow(
      /EEXIST/,
    )
  })
})

describe('csvText', () => {
  it('quotes only when needed and defuses formulas', () => {
    expect(csvText('plain')).toBe('plain')
    expect(csvText('a,b')).toBe('"a,b"')
    expect(csvText('-1+2')).toBe("'-1+2")
    expect(csvText('=1,"2"')).toBe('"\'=1,""2"""')
  })
})

describe('an export in progress', () => {
  const notification = {
    triggerId: 't1',
    eventId: 1,
    sourceId: 'ps2',
    title: 'meanwhile',
    body: '',
    urgency: 'normal' as const,
  }

  /** An export of many pages and 64 KiB chunks, started: one chunk read, the rest to come. */
  async function startedExport() {
    const text = 'v'.repeat(1_000)
    for (let id = 1; id <= 2_000; id++) {
      history.events.record({
        id,
        sourceId: 'ps2',
        type: 'Big',
        receivedAt: clock.now(),
        payload: { text },
      })
      // A write batch, and so a page, per 100 events.
      if (id % 100 === 0) await history.flush()
    }
    const stream = await history.exportStream({ kind: 'events', format: 'jsonl' })
    const chunks = stream[Symbol.asyncIterator]()
    const first = await chunks.next()
    expect(first.done).toBe(false)
    return { stream, chunks, first: String(first.value) }
  }

  /** Resets the write-ahead log, which waits for all its readers: 1 when one still reads it. */
  function checkpointBusy(): number {
    const db = new DatabaseSync(join(dir, 'history.sqlite'))
    try {
      const row = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get() as { busy: number }
      return Number(row.busy)
    } finally {
      db.close()
    }
  }

  it('leaves the notification log seeing what is written meanwhile', async () => {
    const { chunks, first } = await startedExport()
    const added = history.notifications.add({ ...notification, firedAt: clock.now() })
    await history.flush()
    expect(history.notifications.list().map((n) => n.id)).toEqual([added.id])
    expect(history.notifications.unreadCount()).toBe(1)

    let text = first
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      text += String(next.value)
    }
    expect(text.trimEnd().split('\n')).toHaveLength(2_000)
    expect(checkpointBusy()).toBe(0)
  })

  it('closes its connection when the reader abandons it', async () => {
    const { stream } = await startedExport()
    history.notifications.add({ ...notification, firedAt: clock.now() })
    await history.flush()
    // The export still reads the snapshot it started with, so the log cannot be reset yet.
    expect(checkpointBusy()).toBe(1)
    const closed = once(stream, 'close')
    stream.destroy()
    await closed
    expect(checkpointBusy()).toBe(0)
    // Only the last connection to close removes the write-ahead log: none is left open.
    await history.close()
    expect(existsSync(join(dir, 'history.sqlite-wal'))).toBe(false)
  })
})

describe('exporting 100,000 events', () => {
  it('streams with bounded memory', async () => {
    const text = 'v'.repeat(1_000)
    for (let id = 1; id <= 100_000; id++) {
      history.events.record({
        id,
        sourceId: 'ps2',
        type: 'Big',
        receivedAt: clock.now() + id,
        payload: { id: String(id), text },
      })
    }
    await history.flush()

    // Live memory, not garbage waiting for a collection: collect before every sample.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const live = () => {
      gc()
      return process.memoryUsage().heapUsed
    }
    const before = live()
    let peak = before
    let samples = 0
    const sampler = setInterval(() => {
      peak = Math.max(peak, live())
      samples++
    }, 100)
    const path = join(dir, 'big.jsonl')
    const result = await history.exportToFile({ kind: 'events', format: 'jsonl' }, path)
    clearInterval(sampler)

    expect(result.rows).toBe(100_000)
    // The export yields to the event loop as it streams, so the sampler saw it under way.
    expect(samples).toBeGreaterThan(2)
    expect((await stat(path)).size).toBeGreaterThan(100_000 * 1_000)
    // At most one write batch (10,000 events here) is held while it is put in id order; holding
    // the whole export (over 100 MB of text) would grow the live heap by far more.
    expect(peak - before).toBeLessThan(40 * 1024 * 1024)
    console.log(
      `export of 100,000 events (${(result.bytes / 1e6).toFixed(0)} MB): live heap grew at most ${((peak - before) / 1e6).toFixed(1)} MB`,
    )
    // Generous: the data set is large, and CI machines may be shared.
  }, 180_000)
})
