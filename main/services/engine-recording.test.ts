import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseRecordingLine } from '../../shared/recording'
import { startTestEngine, type TestEngine } from './testing/test-engine'
import { waitFor } from './testing/test-server'
import { engineInternals } from './testing/engine-internals'

let t: TestEngine

beforeEach(async () => {
  t = await startTestEngine()
})
afterEach(async () => {
  await t.dispose()
})

/** Sends `texts` from the test server and waits until the source has received them all. */
async function sendFrames(...texts: string[]): Promise<void> {
  const before = engineInternals(t.engine).monitor.view('src').counters.frames
  for (const text of texts) t.server.broadcast(text)
  await waitFor(
    () => engineInternals(t.engine).monitor.view('src').counters.frames === before + texts.length,
    'the frames',
  )
}

/** The frame texts in a recording file, and whether it has its closing line. */
async function readRecording(id: string): Promise<{ texts: string[]; closed: boolean }> {
  const text = await readFile(join(t.engine.recordingsDir, `${id}.jsonl`), 'utf8')
  const lines = text.trimEnd().split('\n').slice(1).map(parseRecordingLine)
  return {
    texts: lines.flatMap((line) => (line?.kind === 'frame' ? [line.text] : [])),
    closed: lines.at(-1)?.kind === 'end',
  }
}

describe('Engine: recordings of sources that go away', () => {
  it('removing a source stops its recording, and a source added again records afresh', async () => {
    const source = t.engine.config.sources[0]!
    const first = await t.engine.startRecording('src')
    await sendFrames('{"n":1}')

    await t.engine.removeSource('src')
    expect(engineInternals(t.engine).recorder.isRecording('src')).toBe(false)
    expect(await engineInternals(t.engine).recorder.list()).toEqual([
      expect.objectContaining({ id: first.id, active: false, frames: 1 }),
    ])
    expect(await readRecording(first.id)).toEqual({ texts: ['{"n":1}'], closed: true })

    // Recording ids are per millisecond.
    await new Promise((resolve) => setTimeout(resolve, 5))
    await t.engine.saveSource(source)
    await waitFor(
      () => engineInternals(t.engine).monitor.view('src').state === 'open',
      'open again',
    )
    const second = await t.engine.startRecording('src')
    expect(second.id).not.toBe(first.id)
    await sendFrames('{"n":2}')
    await engineInternals(t.engine).recorder.stop('src')
    expect(await readRecording(first.id)).toEqual({ texts: ['{"n":1}'], closed: true })
    expect(await readRecording(second.id)).toEqual({ texts: ['{"n":2}'], closed: true })
  })

  it('replacing the config stops the recordings of the sources it leaves out', async () => {
    const started = await t.engine.startRecording('src')
    await sendFrames('{"n":1}')

    await t.engine.replaceConfig({ ...t.engine.config, sources: [] })
    expect(engineInternals(t.engine).recorder.isRecording('src')).toBe(false)
    expect(await engineInternals(t.engine).recorder.info(started.id)).toMatchObject({
      active: false,
      frames: 1,
    })
    expect(await readRecording(started.id)).toEqual({ texts: ['{"n":1}'], closed: true })
  })

  it('leaves no recording running when the source is removed while one starts', async () => {
    const starting = t.engine.startRecording('src')
    await t.engine.removeSource('src')
    // Whichever finished first, nothing is recorded once both have.
    await starting.catch(() => null)
    expect(engineInternals(t.engine).recorder.isRecording('src')).toBe(false)
    expect((await engineInternals(t.engine).recorder.list()).filter((r) => r.active)).toEqual([])
  })

  it('keeps recording a source the new config keeps', async () => {
    await t.engine.startRecording('src')
    await t.engine.replaceConfig({ ...t.engine.config })
    expect(engineInternals(t.engine).recorder.isRecording('src')).toBe(true)
  })
})
