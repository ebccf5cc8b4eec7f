import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SourceConfig } from '../../../shared/source-config'
import type { RawFrame } from '../monitor'
import { ManualClock } from '../testing/manual-clock'
import { Emitter } from '../util/emitter'
import { silentLogger } from '../util/logger'
import { Recorder, replaySource } from './recorder'
import { startReplayServer } from '../../simulators/replay/replay-server'
import { FieldCatalogue } from '../catalogue/field-catalogue'

const source: SourceConfig = { id: 'neuro', name: 'N', preset: 'generic', enabled: true, url: 'wss://x/', headers: {}, onOpen: [] }

async function fdsTo(dir: string) {
  const out: string[] = []
  for (const fd of await readdir('/proc/self/fd')) {
    try { const t = await readlink(`/proc/self/fd/${fd}`); if (t.startsWith(dir)) out.push(t) } catch {}
  }
  return out
}

let dir: string
let clock: ManualClock
let frames: Emitter<RawFrame>
let recorder: Recorder
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-rev-'))
  clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5, 678))
  frames = new Emitter<RawFrame>()
  recorder = new Recorder({ dir, clock, logger: silentLogger, onDidReceiveFrame: frames.event })
})
afterEach(async () => { await recorder.dispose().catch(() => {}); await rm(dir, { recursive: true, force: true }) })

describe('review', () => {
  it('double start race, same ms', async () => {
    const r = await Promise.allSettled([recorder.start(source), recorder.start(source)])
    console.log('same-ms', r.map((x) => x.status + ' ' + (x.status === 'rejected' ? String(x.reason) : x.value.id)))
    console.log('isRecording', recorder.isRecording('neuro'), 'fds', await fdsTo(dir))
  })
  it('double start race, different ms', async () => {
    const a = recorder.start(source)
    clock.advance(5)
    const b = recorder.start(source)
    const r = await Promise.allSettled([a, b])
    console.log('diff-ms', r.map((x) => x.status + ' ' + (x.status === 'rejected' ? String(x.reason) : x.value.id)))
    await recorder.dispose()
    console.log('after dispose fds', await fdsTo(dir))
    for (const f of await readdir(dir)) console.log(f, JSON.stringify((await readFile(join(dir, f), 'utf8')).slice(-60)))
  })
  it('replay id collision', () => {
    const long = 'a'.repeat(50)
    const mk = (id: string) => ({ id, name: 'x', preset: 'generic', eventTypePath: null } as never)
    console.log(replaySource(mk(`${long}-20260102-030405-678`), 1, 'r').id)
    console.log(replaySource(mk(`${long}-20260103-110000-001`), 1, 'r').id)
  })
  it('replay close leaks fd while paused', async () => {
    const file = join(dir, 'r.jsonl')
    const lines = [JSON.stringify({ vigilRecording: 1, id: 'r', sourceId: 's', name: 'n', preset: 'generic', eventTypePath: null, startedAt: 0, source: {} })]
    for (let i = 0; i < 200000; i++) lines.push(JSON.stringify({ at: i, text: 'x'.repeat(50) }))
    await writeFile(file, lines.join('\n') + '\n')
    const replay = await startReplayServer({ file, speed: 1 })
    await new Promise((r) => setTimeout(r, 100))
    console.log('fds while running', await fdsTo(dir))
    await replay.close()
    await new Promise((r) => setTimeout(r, 200))
    console.log('fds after close', await fdsTo(dir))
  })
  it('catalogue keeps removed sources', () => {
    const c = new FieldCatalogue()
    for (let s = 0; s < 3; s++) c.observe({ sourceId: `replay-${s}`, type: 't', receivedAt: 1, payload: { a: 1 } } as never)
    console.log('entries', c.get().length, Object.getOwnPropertyNames(Object.getPrototypeOf(c)))
  })
})
