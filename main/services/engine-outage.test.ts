import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NotificationView } from '../../shared/domain'
import { outageTrigger, withOutageTrigger } from '../../shared/outage-trigger'
import { emptyConfig } from '../../shared/config'
import { Engine } from './engine'
import { demoConfig } from './demo'
import { startTestServer, waitFor } from './testing/test-server'
import { genericTestSource } from './testing/test-source'
import { TriggerEngine } from './triggers/trigger-engine'
import { silentLogger } from './util/logger'
import { engineInternals } from './testing/engine-internals'

let dir: string
let engine: Engine | undefined

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-outage-'))
})

afterEach(async () => {
  await engine?.dispose()
  engine = undefined
  await rm(dir, { recursive: true, force: true })
})

/** A websocket URL nothing listens on: a test server's, once it has closed. */
async function closedPortUrl(): Promise<string> {
  const server = await startTestServer()
  await server.close()
  return server.url
}

describe('outages are not silent', () => {
  it('a new configuration notifies, critically, when a source on a closed port fails', async () => {
    const source = {
      ...genericTestSource('plant', await closedPortUrl()),
      name: 'Plant',
      reconnect: { initialMs: 50, maxMs: 200 },
      watchdog: { deadChannelMs: 1_000 },
    }
    engine = await Engine.start({
      dataDir: dir,
      mode: 'headless',
      version: '0.0.0',
      logger: silentLogger,
      history: false,
      // What a first run starts with, on the test's source instead of the demo's.
      firstRunConfig: () => withOutageTrigger({ ...emptyConfig(), sources: [source] }),
    })
    const notifications = () => engineInternals(engine!).triggers.notifications.list()
    await waitFor(() => notifications().length > 0, 'the outage notification', 10_000)
    expect(notifications()).toEqual([
      expect.objectContaining({
        triggerId: 'vigil-outage',
        sourceId: 'vigil',
        urgency: 'critical',
        title: 'Plant is down',
        body: expect.stringMatching(/^Source "plant" has not reconnected\. Last error: .+/),
      }),
    ])
    // Only the failure's action ran: the recovery's is for `source-recovered`.
    expect(engineInternals(engine).triggers.view('vigil-outage').counters).toMatchObject({
      matched: 1,
      fired: 1,
    })
  })

  it('a recovery notifies at normal urgency, from the same trigger', () => {
    const triggers = new TriggerEngine({ schedule: (run) => run() })
    const shown: NotificationView[] = []
    triggers.onDidNotify((notification) => shown.push(notification))
    triggers.setTriggers([outageTrigger()])
    const payload = { sourceId: 'plant', name: 'Plant', state: 'failed', lastError: null }
    triggers.handle({ id: 1, sourceId: 'vigil', type: 'source-failed', receivedAt: 1, payload })
    triggers.handle({
      id: 2,
      sourceId: 'vigil',
      type: 'source-recovered',
      receivedAt: 2,
      payload: { ...payload, state: 'open' },
    })
    triggers.dispose()
    expect(shown.map((n) => [n.urgency, n.title])).toEqual([
      ['critical', 'Plant is down'],
      ['normal', 'Plant is back up'],
    ])
  })

  it('the first run (the demo) holds the outage trigger, enabled', () => {
    const trigger = demoConfig().triggers.find((t) => t.id === 'vigil-outage')
    expect(trigger).toMatchObject({ enabled: true, sources: ['vigil'] })
  })
})
