import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { RecordingHeader } from '../../../shared/recording'
import { createSimulatorResolver } from '../registry'
import { startReplayServer, type RunningReplay } from './replay-server'
import { refuses } from '../../services/testing/test-server'
import { canCountOpenFiles, openHandles } from '../../services/testing/open-handles'

let dir: string
const running: { close(): Promise<void> }[] = []
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-replay-'))
})
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()))
  await rm(dir, { recursive: true, force: true })
})

const header = (id: string): RecordingHeader => ({
  vigilRecording: 1,
  id,
  sourceId: 'src',
  name: 'Source',
  preset: 'generic',
  eventTypePath: null,
  startedAt: 1_000,
  source: {},
})

/** A recording of text frames `f0`, `f1`, ... at the given times, plus one binary frame. */
async function recording(id: string, times: number[]): Promise<string> {
  const lines = [
    JSON.stringify(header(id)),
    ...times.map((at, i) => JSON.stringify({ at, text: `f${i}` })),
    JSON.stringify({ at: times.at(-1), base64: Buffer.from([7, 8]).toString('base64') }),
    JSON.stringify({ end: times.at(-1), frames: times.length + 1, dropped: 0 }),
  ]
  const path = join(dir, `${id}.jsonl`)
  await writeFile(path, lines.join('\n') + '\n')
  return path
}

/** Far larger than what a read stream reads ahead, and a long wait after the first frame. */
const longGap = [0, ...Array.from({ length: 20_000 }, (_, i) => 60_000 + i)]

async function replay(file: string, speed: number | 'max'): Promise<RunningReplay> {
  const server = await startReplayServer({ file, speed })
  running.push(server)
  return server
}

function connect(url: string): { socket: WebSocket; received: (string | number[])[] } {
  const socket = new WebSocket(url)
  const received: (string | number[])[] = []
  socket.on('message', (data, binary) =>
    received.push(binary ? [...(data as Buffer)] : data.toString()),
  )
  running.push({
    close: async () => {
      socket.terminate()
    },
  })
  return { socket, received }
}

describe('replay server', () => {
  it('plays every frame, text and binary, in order', async () => {
    const server = await replay(await recording('r1', [0, 5, 10]), 'max')
    const { received } = connect(server.url)
    await server.finished
    await expect.poll(() => received.length).toBe(4)
    expect(received).toEqual(['f0', 'f1', 'f2', [7, 8]])
    expect(server.sent()).toBe(4)
    expect(server.header.id).toBe('r1')
  })

  it('keeps the recorded spacing, divided by the speed', async () => {
    const server = await replay(await recording('r2', [0, 300, 600]), 2)
    const started = Date.now()
    connect(server.url)
    await server.finished
    // 600 ms recorded at 2x: never faster than 300 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('pauses while nobody listens and resumes where it was', async () => {
    const server = await replay(await recording('r3', [0, 500, 600]), 1)
    const first = connect(server.url)
    await expect.poll(() => first.received).toEqual(['f0'])
    first.socket.close()
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(server.sent()).toBe(1)
    const second = connect(server.url)
    await server.finished
    await expect.poll(() => second.received).toEqual(['f1', 'f2', [7, 8]])
  })

  it.skipIf(!canCountOpenFiles)('lets go of the file when closed in the middle of it', async () => {
    const path = await recording('r4', longGap)
    const server = await replay(path, 1)
    const { received } = connect(server.url)
    await expect.poll(() => received).toEqual(['f0'])
    expect(await openHandles(path)).toBeGreaterThan(0)
    await server.close()
    await expect.poll(() => openHandles(path)).toBe(0)
  })

  it('refuses a file that is not a recording', async () => {
    const path = join(dir, 'nope.jsonl')
    await writeFile(path, '{"hello":1}\n')
    await expect(startReplayServer({ file: path, speed: 1 })).rejects.toThrow(
      /is not a Vigil recording: its first line is not a Vigil recording header/,
    )
  })
})

describe('sim://replay in the simulator registry', () => {
  it('resolves a recording id to a replay server, once per URL', async () => {
    await recording('rec-1', [0, 1])
    const resolver = createSimulatorResolver({ recordingsDir: dir })
    running.push({ close: () => resolver.dispose() })
    const url = await resolver.resolveUrl('sim://replay/rec-1?speed=max')
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/)
    expect(await resolver.resolveUrl('sim://replay/rec-1?speed=max')).toBe(url)
    expect(await resolver.resolveUrl('sim://replay/rec-1')).not.toBe(url)
    // Another run is another playback from the start.
    expect(await resolver.resolveUrl('sim://replay/rec-1?speed=max&run=2')).not.toBe(url)
    const { received } = connect(url)
    await expect.poll(() => received.length).toBe(3)
  })

  it('closes a playback, its server and its file, when its URL is released', async () => {
    const path = await recording('rec-2', longGap)
    const resolver = createSimulatorResolver({ recordingsDir: dir })
    running.push({ close: () => resolver.dispose() })
    const replayUrl = 'sim://replay/rec-2?run=1'
    const url = await resolver.resolveUrl(replayUrl)
    const first = connect(url)
    await expect.poll(() => first.received).toEqual(['f0'])
    // Nothing to let go of for these.
    resolver.releaseUrl('sim://replay/rec-2?run=2')
    resolver.releaseUrl('sim://census')
    resolver.releaseUrl('wss://example.com/')
    expect(await refuses(url)).toBe(false)

    resolver.releaseUrl(replayUrl)
    await expect.poll(() => refuses(url)).toBe(true)
    if (canCountOpenFiles) await expect.poll(() => openHandles(path)).toBe(0)
    // Asked for again, it plays from the start.
    const second = connect(await resolver.resolveUrl(replayUrl))
    await expect.poll(() => second.received).toEqual(['f0'])
  })

  it('explains what is wrong with a replay URL', async () => {
    const resolver = createSimulatorResolver({ recordingsDir: dir })
    running.push({ close: () => resolver.dispose() })
    await expect(resolver.resolveUrl('sim://replay/missing')).rejects.toThrow(
      `no recording "missing" in ${dir}`,
    )
    await expect(resolver.resolveUrl('sim://replay/Bad..Id')).rejects.toThrow(/not a recording id/)
    await expect(resolver.resolveUrl('sim://replay/x?speed=0')).rejects.toThrow(
      /invalid replay speed/,
    )
    await expect(resolver.resolveUrl('sim://replay/x?loop=1')).rejects.toThrow(
      /unknown replay parameter/,
    )
    await expect(resolver.resolveUrl('sim://replay/x?run=../x')).rejects.toThrow(/a replay run/)
    const without = createSimulatorResolver()
    running.push({ close: () => without.dispose() })
    await expect(without.resolveUrl('sim://replay/x')).rejects.toThrow(/no recordings folder/)
  })
})
