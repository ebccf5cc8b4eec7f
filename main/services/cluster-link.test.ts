import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../shared/domain'
import { fakeClusterNode } from './cluster/testing/fake-cluster-node'
import { ClusterLink } from './cluster-link'
import { Monitor } from './monitor'
import { wsSocketFactory } from './sources/socket-factory'
import { startTestServer, waitFor, type TestServer } from './testing/test-server'
import { genericTestSource } from './testing/test-source'
import { silentLogger } from './util/logger'

describe('ClusterLink', () => {
  let server: TestServer
  let monitor: Monitor
  let fake: ReturnType<typeof fakeClusterNode>
  let link: ClusterLink
  const events: VigilEvent[] = []

  beforeEach(async () => {
    server = await startTestServer()
    monitor = new Monitor({
      socketFactory: wsSocketFactory,
      random: () => 0,
      // As the Engine composes it: every event passes the link, which publishes the held ones.
      subscribers: { cluster: { publish: (event) => link.publish(event) } },
    })
    fake = fakeClusterNode()
    events.length = 0
    monitor.onDidReceiveEvent((event) => events.push(event))
    link = new ClusterLink({
      cluster: fake.node,
      monitor,
      logger: silentLogger,
      config: { serialise: (change) => change(), apply: async () => {}, shareWith: () => {} },
    })
    monitor.setSources([genericTestSource('s', server.url), genericTestSource('t', server.url)])
  })

  afterEach(async () => {
    await link.stop()
    monitor.dispose()
    await server.close()
  })

  it('connects what it is given, publishes its events, and stops at once when it loses it', async () => {
    expect(monitor.view('s').state).toBe('closed')
    fake.leases.fire({ held: ['s'], gained: ['s'], lost: [] })
    await waitFor(() => monitor.view('s').state === 'open', 's open')
    expect(monitor.view('t').state).toBe('closed')
    server.broadcast(JSON.stringify({ n: 1 }))
    await waitFor(() => fake.published.length === 1, 'the event published')
    expect(fake.published[0]).toMatchObject({ sourceId: 's', payload: { n: 1 } })

    fake.leases.fire({ held: [], gained: [], lost: ['s'] })
    expect(monitor.view('s').state).toBe('closed')
  })

  it('holds its sources back while the cluster is behind, and lets them go after', async () => {
    fake.leases.fire({ held: ['s'], gained: ['s'], lost: [] })
    await waitFor(() => monitor.view('s').state === 'open', 's open')
    fake.hold.fire(true)
    server.broadcast(JSON.stringify({ n: 1 }))
    await waitFor(() => monitor.view('s').counters.pausedMs > 0, 's paused')
    expect(fake.published).toEqual([])
    fake.hold.fire(false)
    await waitFor(() => fake.published.length === 1, 'the event published after')
    expect(fake.published[0]).toMatchObject({ sourceId: 's', payload: { n: 1 } })
  })

  it("shows remote events without publishing them again, and keeps Vigil's own alerts local", () => {
    fake.remote.fire({ sourceId: 't', type: 'tick', receivedAt: 1, payload: { n: 2 }, origin: 'a' })
    expect(monitor.recentEvents({ source: 't' })).toHaveLength(1)
    fake.connection.fire(false)
    fake.connection.fire(true)
    expect(events.map((event) => event.type)).toEqual([
      'cluster-disconnected',
      'cluster-reconnected',
    ])
    expect(fake.published).toEqual([])
  })

  it('raises source-moved on the member taking the source only', () => {
    fake.moves.fire({ sourceId: 's', from: 'me', to: 'other' })
    fake.moves.fire({ sourceId: 't', from: null, to: 'me' })
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      ['source-moved', { sourceId: 't', from: null, to: 'me' }],
    ])
  })
})
