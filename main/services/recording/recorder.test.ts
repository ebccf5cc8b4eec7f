import * as fs from 'node:fs'
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  parseRecordingHeader,
  parseRecordingLine,
  type RecordingInfo,
} from '../../../shared/recording'
import { sourceIdSchema, type SourceConfig } from '../../../shared/source-config'
import type { RawFrame } from '../event-flow'
import { ManualClock } from '../testing/manual-clock'
import { silentLogger } from '../util/logger'
import { Recorder } from './recorder'
import { replaySource } from './replay-source'

const source: SourceConfig = {
  id: 'neuro',
  name: 'NeuroIO',
  preset: 'generic',
  enabled: true,
  url: 'wss://events.example/stream?token=abc123&mode=x',
  eventTypePath: 'data.result',
  headers: { Authorization: 'Bearer abc123' },
  onOpen: ['AUTH abc123', { action: 'AUTH', data: { token: 'abc123' } }, { subscribe: ['a'] }],
}

/**
 * Hands recorders frames as the EventFlow does: only while they record (`hasListeners` is whether
 * any would be handed a frame now).
 */
class FrameFeed {
  private readonly recorders: Recorder[] = []

  attach(recorder: Recorder): Recorder {
    this.recorders.push(recorder)
    return recorder
  }

  get hasListeners(): boolean {
    return this.recorders.some((recorder) => recorder.recording)
  }

  fire(frame: RawFrame): void {
    for (const recorder of this.recorders) if (recorder.recording) recorder.frame(frame)
  }
}

let dir: string
let clock: ManualClock
let frames: FrameFeed
let recorder: Recorder

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-rec-'))
  clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5, 678))
  frames = new FrameFeed()
  recorder = frames.attach(new Recorder({ dir, clock, logger: silentLogger }))
})
afterEach(async () => {
  await recorder.dispose()
  await rm(dir, { recursive: true, force: true })
})

const frame = (text: string, sourceId = 'neuro'): RawFrame => ({
  sourceId,
  data: Buffer.from(text),
  binary: false,
  receivedAt: clock.now(),
})

/** Node's file calls, except that every write fails as on a full disk while `full` is set. */
function fillingDisk() {
  const disk = {
    full: false,
    open: fs.open,
    close: fs.close,
    write(...args: unknown[]): void {
      if (!disk.full) return (fs.write as (...args: unknown[]) => void)(...args)
      const callback = args.at(-1) as (error: Error) => void
      const error = Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
      })
      process.nextTick(callback, error)
    },
  }
  return disk
}

describe('Recorder', () => {
  it('writes a header without secrets, every frame with its time, and a closing line', async () => {
    const started = await recorder.start(source)
    expect(started).toMatchObject({
      id: 'neuro-20260102-030405-678',
      active: true,
      frames: 0,
      replayUrl: 'sim://replay/neuro-20260102-030405-678',
    })
    expect(frames.hasListeners).toBe(true)
    frames.fire(frame('{"id":1,"data":{"result":"new"}}'))
    frames.fire(frame('not for this recording', 'other'))
    clock.advance(250)
    frames.fire({ ...frame(''), data: Buffer.from([0, 1, 255]), binary: true })
    const stopped = await recorder.stop('neuro')
    expect(frames.hasListeners).toBe(false)
    expect(stopped).toMatchObject({ frames: 2, dropped: 0, active: false, stoppedAt: clock.now() })

    const text = await readFile(join(dir, `${started.id}.jsonl`), 'utf8')
    expect(text).not.toContain('abc123')
    const [first, ...rest] = text.trimEnd().split('\n')
    const header = parseRecordingHeader(first!)
    expect(header).toMatchObject({
      ok: true,
      header: {
        vigilRecording: 1,
        sourceId: 'neuro',
        preset: 'generic',
        eventTypePath: 'data.result',
        startedAt: started.startedAt,
        source: {
          url: 'wss://events.example/stream?token=***&mode=***',
          headers: { Authorization: '***' },
          onOpen: ['***', { action: 'AUTH', data: { token: '***' } }, { subscribe: ['a'] }],
        },
      },
    })
    expect(rest.map(parseRecordingLine)).toEqual([
      { kind: 'frame', at: started.startedAt, text: '{"id":1,"data":{"result":"new"}}' },
      { kind: 'binary', at: started.startedAt + 250, base64: 'AAH/' },
      { kind: 'end', at: started.startedAt + 250, frames: 2, dropped: 0 },
    ])
    expect(stopped.bytes).toBe((await stat(join(dir, `${started.id}.jsonl`))).size)
  })

  it('lists recordings newest first, including one cut short without its closing line', async () => {
    const first = await recorder.start(source)
    frames.fire(frame('{}'))
    await recorder.stop('neuro')
    clock.advance(1_000)
    const second = await recorder.start({ ...source, id: 'other', name: 'Other' })
    frames.fire(frame('{}', 'other'))
    await recorder.stop('other')
    // A crash leaves no closing line, and maybe half a frame.
    const path = join(dir, `${second.id}.jsonl`)
    const text = await readFile(path, 'utf8')
    await rm(path)
    await appendFile(path, text.split('\n').slice(0, 2).join('\n') + '\n{"at":1,"te')
    clock.advance(1_000)
    await recorder.start(source)

    const list = await recorder.list()
    expect(list.map((r) => [r.sourceId, r.active, r.frames, r.stoppedAt !== null])).toEqual([
      ['neuro', true, 0, false],
      ['other', false, null, false],
      ['neuro', false, 1, true],
    ])
    expect(await recorder.info(first.id)).toMatchObject({ frames: 1, name: 'NeuroIO' })
    await expect(recorder.info('missing')).rejects.toMatchObject({ code: 'not-found' })
    await expect(recorder.info('../etc/passwd')).rejects.toMatchObject({ code: 'invalid-argument' })
  })

  it('refuses a second recording of the same source, and stopping one that is not running', async () => {
    await recorder.start(source)
    await expect(recorder.start(source)).rejects.toMatchObject({ code: 'conflict' })
    await expect(recorder.stop('other')).rejects.toMatchObject({ code: 'not-found' })
  })

  it('refuses a second start while the first is still opening its file', async () => {
    const [first, second] = await Promise.allSettled([
      recorder.start(source),
      recorder.start(source),
    ])
    expect(first).toMatchObject({ status: 'fulfilled', value: { active: true } })
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'conflict' } })
    frames.fire(frame('{}'))
    // The first recording is still running and closes its file properly.
    expect(recorder.isRecording('neuro')).toBe(true)
    const stopped = await recorder.stop('neuro')
    expect(stopped).toMatchObject({ frames: 1, active: false })
    const text = await readFile(join(dir, `${stopped.id}.jsonl`), 'utf8')
    expect(parseRecordingLine(text.trimEnd().split('\n').at(-1)!)).toMatchObject({ kind: 'end' })
    expect(frames.hasListeners).toBe(false)
  })

  it('lets a source be recorded after a start that failed', async () => {
    // The recordings folder cannot be created where a file is in the way.
    const blocked = join(dir, 'blocked')
    await writeFile(blocked, '')
    const failing = frames.attach(
      new Recorder({
        dir: join(blocked, 'recordings'),
        clock,
        logger: silentLogger,
      }),
    )
    await expect(failing.start(source)).rejects.toThrow()
    expect(failing.isRecording('neuro')).toBe(false)
    await rm(blocked)
    await expect(failing.start(source)).resolves.toMatchObject({ active: true })
    await failing.dispose()
  })

  it('ends a recording whose file cannot be written, and reports why', async () => {
    const disk = fillingDisk()
    const failing = frames.attach(
      new Recorder({
        dir,
        clock,
        logger: silentLogger,
        fs: disk,
      }),
    )
    const started = await failing.start(source)
    const path = join(dir, `${started.id}.jsonl`)
    frames.fire(frame('{"n":1}'))
    clock.advance(100)
    await expect.poll(() => readFile(path, 'utf8')).toContain('{\\"n\\":1}')

    disk.full = true
    frames.fire(frame('{"n":2}'))
    clock.advance(100)
    await expect.poll(() => failing.isRecording('neuro')).toBe(false)
    // No longer taken, nor counted.
    expect(frames.hasListeners).toBe(false)
    frames.fire(frame('{"n":3}'))
    const failed = {
      id: started.id,
      active: false,
      stoppedAt: clock.now(),
      frames: null,
      bytes: (await stat(path)).size,
      error: expect.stringMatching(/ENOSPC/),
    }
    expect(await failing.list()).toEqual([expect.objectContaining(failed)])
    expect(await failing.info(started.id)).toMatchObject(failed)

    // Stopping reports the failure once; the recording itself stays listed with it.
    await expect(failing.stop('neuro')).rejects.toThrow(/ENOSPC/)
    await expect(failing.stop('neuro')).rejects.toMatchObject({ code: 'not-found' })
    expect(await failing.list()).toEqual([expect.objectContaining(failed)])
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n')
    expect(lines.slice(1).map(parseRecordingLine)).toEqual([
      { kind: 'frame', at: started.startedAt, text: '{"n":1}' },
    ])

    // The source can be recorded again once there is room.
    disk.full = false
    clock.advance(1_000)
    await expect(failing.start(source)).resolves.toMatchObject({ active: true })
    await failing.dispose()
  })

  it('drops and counts frames while the disk is too far behind', async () => {
    const small = frames.attach(
      new Recorder({
        dir,
        clock,
        logger: silentLogger,
        maxBacklogBytes: 100,
      }),
    )
    await small.start(source)
    for (let i = 0; i < 10; i++) frames.fire(frame(`{"n":${i},"pad":"${'x'.repeat(20)}"}`))
    const stopped = await small.stop('neuro')
    expect(stopped.frames! + stopped.dropped).toBe(10)
    expect(stopped.dropped).toBeGreaterThan(0)
  })
})

describe('replaySource', () => {
  const recording = (id: string): RecordingInfo => ({
    id,
    sourceId: id.slice(0, -20),
    name: 'Source',
    preset: 'generic',
    eventTypePath: null,
    startedAt: 0,
    stoppedAt: 1,
    frames: 1,
    dropped: 0,
    bytes: 100,
    active: false,
    replayUrl: `sim://replay/${id}`,
  })

  it('is named after the recording', () => {
    expect(replaySource(recording('neuro-20260102-030405-678'), 'max', 'r1')).toMatchObject({
      id: 'replay-neuro-20260102-030405-678',
      url: 'sim://replay/neuro-20260102-030405-678?speed=max&run=r1',
    })
  })

  it('keeps two recordings of a long source id apart, with an id a source can have', () => {
    const source = 'a-source-id-long-enough-that-replay-ids-have-to-be-cut-short'
    const ids = ['20260102-030405-678', '20260102-030405-679', '20270102-030405-678'].map(
      (stamp) => replaySource(recording(`${source}-${stamp}`), 1, 'r1').id,
    )
    expect(new Set(ids).size).toBe(3)
    for (const id of ids) {
      expect(id).toHaveLength(64)
      expect(id.startsWith(`replay-${source.slice(0, 40)}`)).toBe(true)
      expect(sourceIdSchema.safeParse(id).success).toBe(true)
    }
    // The same recording is the same source each time it is replayed.
    expect(replaySource(recording(`${source}-20260102-030405-678`), 10, 'r2').id).toBe(ids[0])
  })
})
