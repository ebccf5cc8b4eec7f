import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { silentLogger } from '../util/logger'
import { History } from './history'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-crash-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const root = resolve(import.meta.dirname, '../../..')

it('a process killed during a batch write loses at most the batch in flight', async () => {
  const path = join(dir, 'history.sqlite')
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'testing/crash-writer.ts'), path],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let committed = 0
  let output = ''
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.once('exit', (_code, signal) => done(signal)),
  )
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const all = [...output.matchAll(/committed (\d+)\n/g)]
      committed = Number(all.at(-1)?.[1] ?? 0)
      // Several batches in, the child is almost always inside the next write.
      if (all.length >= 5) ready()
    })
    void exited.then(() => fail(new Error(`the writer exited early:\n${errors}`)))
  })
  child.kill('SIGKILL')
  expect(await exited).toBe('SIGKILL')

  const db = new DatabaseSync(path)
  try {
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' })
    const { n, low, high } = db
      .prepare('SELECT count(*) AS n, min(id) AS low, max(id) AS high FROM events')
      .get() as { n: number; low: number; high: number }
    // Everything reported committed is there, nothing beyond what had been recorded, no holes,
    // and whole batches only (1,000 rows each).
    expect(high).toBeGreaterThanOrEqual(committed)
    expect(high - committed).toBeLessThanOrEqual(2_000)
    expect(low).toBe(1)
    expect(n).toBe(high)
    expect(high % 1_000).toBe(0)
  } finally {
    db.close()
  }

  // And Vigil opens it normally, numbering on after what survived.
  const history = History.open({ path, logger: silentLogger })
  try {
    expect((await history.search({ limit: 1 })).events[0]!.id).toBe(history.lastEventId)
  } finally {
    await history.close()
  }
}, 60_000)
