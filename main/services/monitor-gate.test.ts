import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../shared/domain'
import { Monitor } from './monitor'
import { wsSocketFactory } from './sources/socket-factory'
import { startTestServer, waitFor, type TestServer } from './testing/test-server'
import { genericTestSource } from './testing/test-source'

describe('Monitor in a cluster: the connect gate and remote events', () => {
  let server: TestServer
  let monitor: Monitor

  beforeEach(async () => {
    server = await startTestServer()
    monitor = new Monitor({ socketFactory: wsSocketFactory, random: () => 0 })
  })

  afterEach(async () => {
    monitor.dispose()
    await server.close()
  })

  const state = (id: string) => monitor.view(id).state

  it('connects only the sources the gate allows, and follows it as leases move', async () => {
    const held = new Set(['mine'])
    monitor.setConnectGate((id) => held.has(id))
    monitor.setSources([
      genericTestSource('mine', server.url),
      genericTestSource('theirs', server.url),
    ])
    await waitFor(() => state('mine') === 'open', 'the held source open')
    expect(state('theirs')).toBe('closed')
    expect(server.sockets).toHaveLength(1)
    // An edit of a source held elsewhere does not connect it; nor does connecting it by hand.
    monitor.upsertSource({ ...genericTestSource('theirs', server.url), name: 'renamed' })
    expect(state('theirs')).toBe('closed')
    expect(() => monitor.connect('theirs')).toThrow(/held by another host/)
    monitor.resumeAll()
    expect(state('theirs')).toBe('closed')

    held.delete('mine')
    held.add('theirs')
    monitor.regate({ gained: ['theirs'], lost: ['mine'] })
    expect(state('mine')).toBe('closed')
    await waitFor(() => state('theirs') === 'open', 'the gained source open')
    await waitFor(
      () => server.sockets.filter((s) => s.readyState === s.OPEN).length === 1,
      'one socket',
    )
  })

  it('shows and keeps remote events without handing them to the local subscribers', () => {
    monitor.setConnectGate(() => false)
    monitor.setSources([genericTestSource('theirs', server.url)])
    const local: VigilEvent[] = []
    const remote: VigilEvent[] = []
    monitor.onDidReceiveEvent((event) => local.push(event))
    monitor.onDidReceiveRemoteEvent((event) => remote.push(event))
    const event = { sourceId: 'theirs', type: 'tick', receivedAt: 5, payload: { n: 1 } }
    monitor.ingestRemote({ ...event, origin: 'a' } as typeof event, 7)
    monitor.ingestRemote({ ...event, sourceId: 'unknown' }, 7)
    expect(local).toEqual([])
    expect(remote).toEqual([{ id: 1, ...event }])
    expect(monitor.recentEvents({ source: 'theirs' })).toEqual([{ id: 1, ...event }])
    // Counted on the source, so its flow shows here too.
    expect(monitor.view('theirs').counters.events).toBe(1)
    expect(monitor.view('theirs').lastEventAt).not.toBeNull()
  })
})
