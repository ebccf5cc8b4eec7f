/**
 * A replay source's playback (its server and its file) lives as long as the source uses it:
 * replaying again or removing the source closes it. The engine and the simulator registry as the
 * composition roots wire them, on a recording file in a temporary recordings folder.
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { RecordingHeader } from '../../shared/recording'
import { Engine } from '../services/engine'
import { waitFor, refuses } from '../services/testing/test-server'
import { silentLogger } from '../services/util/logger'
import { createSimulatorResolver, type SimulatorResolver } from '../simulators/registry'
import { canCountOpenFiles, openHandles } from '../services/testing/open-handles'
import { engineInternals } from '../services/testing/engine-internals'

const RECORDING = 'neuro-20260102-030405-678'

let dir: string
let file: string
let simulators: SimulatorResolver
let engine: Engine
/** Every `ws://` address a replay URL resolved to, in order. */
let resolved: string[]

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-replay-sources-'))
  const recordingsDir = join(dir, 'recordings')
  await mkdir(recordingsDir)
  const header: RecordingHeader = {
    vigilRecording: 1,
    id: RECORDING,
    sourceId: 'neuro',
    name: 'NeuroIO',
    preset: 'generic',
    eventTypePath: null,
    startedAt: 0,
    source: {},
  }
  // One frame, then a minute's wait before the rest: a replay at recorded speed is mid-file.
  const frames = [0, ...Array.from({ length: 20_000 }, (_, i) => 60_000 + i)].map((at, i) =>
    JSON.stringify({ at, text: JSON.stringify({ n: i }) }),
  )
  file = join(recordingsDir, `${RECORDING}.jsonl`)
  await writeFile(file, [JSON.stringify(header), ...frames].join('\n') + '\n')

  simulators = createSimulatorResolver({ recordingsDir })
  resolved = []
  engine = await Engine.start({
    dataDir: dir,
    mode: 'headless',
    version: '9.9.9',
    logger: silentLogger,
    history: false,
    recordingsDir,
    resolveUrl: async (url) => {
      const address = await simulators.resolveUrl(url)
      if (url.startsWith('sim://replay/')) resolved.push(address)
      return address
    },
    releaseUrl: (url) => simulators.releaseUrl(url),
    firstRunConfig: () => ({ version: 1, sources: [], triggers: [] }),
  })
})

afterEach(async () => {
  await engine.dispose()
  await simulators.dispose()
  await rm(dir, { recursive: true, force: true })
})

it('closes a replay when it is replayed again, and when its source is removed', async () => {
  const source = await engine.replayRecording({ id: RECORDING, speed: 1 })
  const frames = () => engineInternals(engine).monitor.view(source.id).counters.frames
  await waitFor(() => frames() === 1, 'the first frame')
  const first = resolved.at(-1)!

  // The run token is the time in milliseconds: a new one, a new playback.
  await new Promise((resolve) => setTimeout(resolve, 5))
  await engine.replayRecording({ id: RECORDING, speed: 1 })
  await waitFor(() => frames() === 2, 'the first frame again')
  const second = resolved.at(-1)!
  expect(second).not.toBe(first)
  await expect.poll(() => refuses(first)).toBe(true)
  expect(await refuses(second)).toBe(false)
  // Only the second playback still reads the file.
  if (canCountOpenFiles) await expect.poll(() => openHandles(file)).toBe(1)

  await engine.removeSource(source.id)
  await expect.poll(() => refuses(second)).toBe(true)
  if (canCountOpenFiles) await expect.poll(() => openHandles(file)).toBe(0)
})

it('closes the replays a replaced config leaves out', async () => {
  const source = await engine.replayRecording({ id: RECORDING, speed: 1 })
  await waitFor(
    () => engineInternals(engine).monitor.view(source.id).counters.frames === 1,
    'the first frame',
  )
  const address = resolved.at(-1)!

  await engine.replaceConfig({ ...engine.config, sources: [] })
  await expect.poll(() => refuses(address)).toBe(true)
  if (canCountOpenFiles) await expect.poll(() => openHandles(file)).toBe(0)
})
