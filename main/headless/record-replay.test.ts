/**
 * End to end: a source on the Census simulator is recorded, then the recording is replayed as a
 * source of its own; the replay yields the same events (types and payloads, in order) and the
 * same notifications as the live run did while recording, through the same session, classifier,
 * triggers and history.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { VigilEvent } from '../../shared/domain'
import { createInvokeHandlers } from '../services/api/invoke-handlers'
import { dispatchInvoke } from '../services/api/dispatch'
import { demoSource } from '../services/demo'
import { Engine } from '../services/engine'
import { waitFor } from '../services/testing/test-server'
import { silentLogger } from '../services/util/logger'
import { createSimulatorResolver, type SimulatorResolver } from '../simulators/registry'
import { engineInternals } from '../services/testing/engine-internals'

let dir: string
let simulators: SimulatorResolver
let engine: Engine

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-record-replay-'))
  const recordingsDir = join(dir, 'recordings')
  simulators = createSimulatorResolver({ recordingsDir })
  const live = demoSource()
  engine = await Engine.start({
    dataDir: dir,
    mode: 'headless',
    version: '9.9.9',
    logger: silentLogger,
    recordingsDir,
    resolveUrl: (url) => simulators.resolveUrl(url),
    releaseUrl: (url) => simulators.releaseUrl(url),
    firstRunConfig: () => ({
      version: 1,
      sources: [{ ...live, url: `${live.url}&rate=400` }],
      // Any source, no noise control: every matching event, live or replayed, notifies.
      triggers: [
        {
          id: 'kills',
          name: 'Kills',
          events: ['Death'],
          condition: { field: 'payload.attacker_character_id', op: 'neq', value: '0' },
          actions: [
            {
              type: 'notify',
              title: '{{payload.attacker_character_id}} killed {{payload.character_id}}',
              body: 'weapon {{payload.attacker_weapon_id}}, headshot {{payload.is_headshot}}',
            },
          ],
        },
      ],
    }),
  })
})

afterEach(async () => {
  await engine.dispose()
  await simulators.dispose()
  await rm(dir, { recursive: true, force: true })
})

it('replays a recording into the same events as the live run', async () => {
  const handlers = createInvokeHandlers(engine)
  const call = async (channel: string, ...args: unknown[]) => {
    const result = await dispatchInvoke(handlers, channel, args)
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
    return result.value
  }
  const liveId = 'demo-census'
  await waitFor(
    () => engineInternals(engine).monitor.view(liveId).counters.events > 0,
    'live events',
    10_000,
  )

  // Watched from once the recording runs: every event seen here was recorded (the recording may
  // also hold a few from just before, while the call was on its way).
  const started = (await call('recording:start', liveId)) as { id: string }
  const live: VigilEvent[] = []
  const stopWatching = engineInternals(engine).monitor.onDidReceiveEvent((event) => {
    if (event.sourceId === liveId) live.push(event)
  })
  await waitFor(() => live.length >= 200, '200 live events while recording', 10_000)
  // Same tick: no frame can arrive between the two.
  const stopping = call('recording:stop', liveId)
  stopWatching()
  const stopped = (await stopping) as { frames: number; dropped: number }
  expect(stopped.dropped).toBe(0)
  expect(stopped.frames).toBeGreaterThanOrEqual(live.length)
  // Control frames (the subscription echo, heartbeats) are recorded too; only events count here.
  await call('source:disconnect', liveId)

  const source = (await call('recording:replay', { id: started.id, speed: 'max' })) as {
    id: string
    url: string
    preset: string
  }
  expect(source).toMatchObject({ preset: 'census' })
  expect(source.url).toMatch(new RegExp(`^sim://replay/${started.id}\\?speed=max&run=[0-9a-z]+$`))
  await waitFor(
    () => engineInternals(engine).monitor.view(source.id).counters.frames >= stopped.frames,
    'every recorded frame replayed',
    10_000,
  )
  const replayed = (
    (await call('event:search', { source: source.id, limit: 10_000 })) as { events: VigilEvent[] }
  ).events.reverse()
  const shape = (event: VigilEvent) => ({ type: event.type, payload: event.payload })
  expect(replayed.length).toBeGreaterThanOrEqual(live.length)
  expect(replayed.slice(-live.length).map(shape)).toEqual(live.map(shape))
  // And they are numbered after the live ones, in history like any other events.
  expect(replayed[0]!.id).toBeGreaterThan(live.at(-1)!.id)

  // The same trigger fired on the same events, with the same text.
  const notified = (events: VigilEvent[]) => {
    const ids = new Set(events.map((event) => event.id))
    return engineInternals(engine)
      .triggers.notifications.list({ limit: 10_000 })
      .filter((n) => ids.has(n.eventId))
      .reverse()
      .map(({ title, body, urgency }) => ({ title, body, urgency }))
  }
  await waitFor(
    () => notified(replayed.slice(-live.length)).length >= notified(live).length,
    'the replay notifications',
    10_000,
  )
  const liveNotifications = notified(live)
  expect(liveNotifications.length).toBeGreaterThan(0)
  expect(notified(replayed.slice(-live.length))).toEqual(liveNotifications)

  // Asked again, it plays again from the start.
  await new Promise((resolve) => setTimeout(resolve, 5))
  await call('recording:replay', { id: started.id, speed: 'max' })
  await waitFor(
    () => engineInternals(engine).monitor.view(source.id).counters.frames >= 2 * stopped.frames,
    'the second replay',
    10_000,
  )

  const recordings = (await call('recording:list')) as { id: string; frames: number }[]
  expect(recordings).toEqual([
    expect.objectContaining({ id: started.id, frames: stopped.frames, active: false }),
  ])
}, 60_000)
