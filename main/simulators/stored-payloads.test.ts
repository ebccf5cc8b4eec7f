/**
 * History stores payloads from their frames' text (event-pages.ts, canonical-json.ts) rather than
 * from `JSON.stringify` of the parsed payload on the socket's thread. This holds it to the bytes
 * stored before: each preset's simulator frames go through the preset's classifier, then into one
 * History with the frame text (the new path) and one without (the payload serialised, as every
 * event was before), and the stored pages and both exports must be the same bytes, and the pages
 * what the former encoder wrote.
 */

import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { ClientOptions } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportFormat } from '../../shared/history'
import type { SourceConfig } from '../../shared/source-config'
import { startCensusSimulator } from './census/census-simulator'
import { startEbsocketsSimulator } from './ebsockets/ebsockets-simulator'
import { DEFAULT_NEUROIO_TOKEN, startNeuroioSimulator } from './neuroio/neuroio-simulator'
import { DEFAULT_PI_PASSWORD, DEFAULT_PI_USER, startPiSimulator } from './piwebapi/pi-simulator'
import type { RunningSimulator } from './sim-server'
import { Cleanup, SimClient } from './sim-test-client'
import {
  cloudEvent,
  DEFAULT_SIMPLISAFE_TOKEN,
  DEFAULT_SIMPLISAFE_USER_ID,
  IDENTIFY_TYPE,
  startSimpliSafeSimulator,
} from './simplisafe/simplisafe-simulator'
import type { EventSink } from '../services/event-flow'
import type { PayloadPlace } from '../services/presets'
import { resolveSettings } from '../services/sources/connection-settings'
import { SourceReader } from '../services/sources/source-reader'
import { ManualClock } from '../services/testing/manual-clock'
import { testReaderParts } from '../services/testing/reader-parts'
import { silentLogger } from '../services/util/logger'
import { History } from '../services/history/history'

/** Frames taken from each simulator: enough for several pages of each event type. */
const FRAMES = 300
const RECEIVED_AT = Date.UTC(2026, 0, 2, 3, 4, 5)

interface Captured {
  type: string
  payload: unknown
  bytes: number
  text: string | undefined
  place: PayloadPlace | undefined
}

interface PresetCase {
  preset: SourceConfig['preset']
  options?: Record<string, unknown>
  start(): Promise<RunningSimulator>
  clientOptions?: ClientOptions
  /** What the client sends once connected, as the preset's login and subscription would. */
  greet(client: SimClient): void
}

const CASES: PresetCase[] = [
  {
    preset: 'census',
    // Repeats, some of them in a reserialised envelope, for the duplicate filter to drop.
    start: () => startCensusSimulator({ rate: 2_000, seed: 1, duplicateRate: 0.1 }),
    greet: (client) =>
      client.send({
        service: 'event',
        action: 'subscribe',
        characters: ['all'],
        worlds: ['all'],
        eventNames: ['all'],
      }),
  },
  {
    preset: 'neuroio',
    start: () => startNeuroioSimulator({ rate: 2_000, seed: 1, binaryRate: 0 }),
    greet: (client) => client.send({ action: 'AUTH', data: { token: DEFAULT_NEUROIO_TOKEN } }),
  },
  {
    preset: 'piwebapi',
    start: () => startPiSimulator({ rate: 2_000, seed: 1, pollMs: 5, badValueRate: 0.05 }),
    clientOptions: {
      headers: {
        Authorization: `Basic ${Buffer.from(`${DEFAULT_PI_USER}:${DEFAULT_PI_PASSWORD}`).toString('base64')}`,
      },
    },
    greet: () => {},
  },
  {
    preset: 'simplisafe',
    start: () => startSimpliSafeSimulator({ rate: 2_000, seed: 1 }),
    greet: (client) =>
      client.send(
        cloudEvent(
          IDENTIFY_TYPE,
          'vigil-test',
          {
            auth: { schema: 'bearer', token: DEFAULT_SIMPLISAFE_TOKEN },
            join: [`uid:${DEFAULT_SIMPLISAFE_USER_ID}`],
          },
          'ts:1706357108123',
          '2024-01-27T12:05:08.123Z',
        ),
      ),
  },
  {
    preset: 'ebsockets',
    start: () => startEbsocketsSimulator({ rate: 2_000, seed: 1 }),
    greet: () => {},
  },
]

/** The first FRAMES text frames a simulator sends once greeted, as received. */
async function simulatorFrames(test: PresetCase, cleanup: Cleanup): Promise<string[]> {
  const simulator = cleanup.add(await test.start())
  const client = cleanup.client(await SimClient.open(simulator.url, test.clientOptions))
  test.greet(client)
  const texts: string[] = []
  while (texts.length < FRAMES) {
    const received = await client.nextReceived(20_000)
    if (received.kind !== 'binary') texts.push(received.text)
  }
  return texts
}

/** Each event the preset's classifier finds in the frames, as the SourceReader hands it on. */
function classified(test: PresetCase, texts: readonly string[]): Captured[] {
  const config: SourceConfig = {
    id: test.preset,
    name: test.preset,
    preset: test.preset,
    enabled: true,
    url: 'ws://127.0.0.1/',
    headers: {},
    onOpen: [],
    options: test.options ?? {},
  }
  const captured: Captured[] = []
  const sink: EventSink = {
    ingest: (_source, type, payload, _at, bytes, text, place) =>
      captured.push({ type, payload, bytes, text, place }),
    frame: () => {},
  }
  const parts = testReaderParts(sink, new ManualClock(RECEIVED_AT))
  const host = { touched: () => {}, noticed: () => {}, unhealthy: () => {} }
  const { classifier } = resolveSettings(config)
  const reader = new SourceReader(config.id, classifier, [], parts, host)
  texts.forEach((text, i) => {
    let frame: unknown
    try {
      frame = JSON.parse(text)
    } catch {
      return
    }
    reader.frame(frame, RECEIVED_AT + i, Buffer.from(text), text)
  })
  return captured
}

interface Stored {
  pages: unknown[]
  exports: Record<ExportFormat, string>
}

/** What a History stores of the events, fed with their frame text or without it. */
async function stored(dir: string, events: readonly Captured[], withText: boolean) {
  const path = join(dir, withText ? 'text.sqlite' : 'serialised.sqlite')
  const history = History.open({ path, clock: new ManualClock(RECEIVED_AT), logger: silentLogger })
  const result: Stored = { pages: [], exports: { jsonl: '', csv: '' } }
  try {
    events.forEach((event, i) => {
      const stamped = {
        id: i + 1,
        sourceId: 'src',
        type: event.type,
        receivedAt: RECEIVED_AT + i,
        payload: event.payload,
      }
      if (withText) history.events.record(stamped, event.bytes, event.text, event.place)
      else history.events.record(stamped, event.bytes)
      // Several write batches, as a stream gives.
      if (i % 97 === 96) void history.flush()
    })
    await history.flush()
    for (const format of ['jsonl', 'csv'] as const) {
      const file = join(dir, `${withText ? 'text' : 'serialised'}.${format}`)
      await history.exportToFile({ kind: 'events', format }, file)
      result.exports[format] = await readFile(file, 'utf8')
    }
  } finally {
    await history.close()
  }
  const db = new DatabaseSync(path, { readOnly: true })
  try {
    result.pages = db.prepare('SELECT * FROM event_pages ORDER BY block, source_id, type').all()
  } finally {
    db.close()
  }
  return result
}

describe('history from frame text', () => {
  const cleanup = new Cleanup()
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-frame-text-'))
  })
  afterAll(async () => {
    await cleanup.run()
    await rm(dir, { recursive: true, force: true })
  })

  for (const test of CASES) {
    it(`stores ${test.preset}'s events byte for byte as it did from their parsed payloads`, async () => {
      const events = classified(test, await simulatorFrames(test, cleanup))
      expect(events.length).toBeGreaterThan(50)
      // PI Web API's values are made up from the frame (flattened), so they are serialised on
      // the engine's thread; every other preset's payload is read from its frame's text.
      const fromFrame = events.filter(
        (event) => event.text !== undefined && event.place !== undefined,
      )
      expect(fromFrame.length).toBe(test.preset === 'piwebapi' ? 0 : events.length)
      const caseDir = await mkdtemp(join(dir, `${test.preset}-`))
      const fromText = await stored(caseDir, events, true)
      const serialised = await stored(caseDir, events, false)
      expect(fromText.pages.length).toBeGreaterThan(0)
      expect(fromText.pages).toEqual(serialised.pages)
      expect(fromText.exports.jsonl).toBe(serialised.exports.jsonl)
      expect(fromText.exports.csv).toBe(serialised.exports.csv)
      // Each page holds what the former encoder wrote: `[id,receivedAt,JSON.stringify(payload)]`.
      const written = new Map<string, string[]>()
      events.forEach((event, i) => {
        const items = written.get(event.type) ?? []
        items.push(`[${i + 1},${RECEIVED_AT + i},${JSON.stringify(event.payload)}]`)
        written.set(event.type, items)
      })
      const pageText = new Map<string, string[]>()
      for (const page of fromText.pages as { type: string; events: string }[]) {
        pageText.set(page.type, [...(pageText.get(page.type) ?? []), page.events])
      }
      for (const [type, items] of written) {
        expect(
          `[${pageText
            .get(type)!
            .map((text) => text.slice(1, -1))
            .join(',')}]`,
        ).toBe(`[${items.join(',')}]`)
      }
    }, 60_000)
  }
})
