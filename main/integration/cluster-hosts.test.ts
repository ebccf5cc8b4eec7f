/**
 * Three headless hosts in processes of their own against a real `nats-server -js`: two members
 * and a viewer sharing two sources on a numbered upstream. The sources are spread between the
 * members, only the holder connects upstream, a holder killed with SIGKILL is replaced within
 * 15 s, and every number a holder received and published is in every host's history once. A
 * trigger fires on its source's holder only, every host shows the firing once, and marking it
 * read on one host marks it read on all.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClusterStatus } from '../services/cluster/cluster-port'
import {
  natsServerMissing,
  startNatsServer,
  type NatsTestServer,
} from '../services/cluster/testing/nats-server'
import { genericTestSource } from '../services/testing/test-source'
import { eventually, joined, runCli, startHostProcess, type HostProcess } from './host-process'
import { startNumberedUpstream, type NumberedUpstream } from './numbered-upstream'

type Enabled = ClusterStatus & { enabled: true }

interface Notification {
  id: number
  triggerId: string
  sourceId: string
  title: string
  firedAt: number
  read: boolean
}

interface StoredEvent {
  sourceId: string
  type: string
  payload: unknown
}

async function numbersIn(host: HostProcess): Promise<number[]> {
  const { events } = await host.get<{ events: StoredEvent[] }>(
    '/api/events?source=numbers&limit=10000',
  )
  return events.map((event) => (event.payload as { n: number }).n).sort((a, b) => a - b)
}

function containsAll(have: readonly number[], wanted: readonly number[]): boolean {
  const set = new Set(have)
  return wanted.every((n) => set.has(n))
}

describe.skipIf(natsServerMissing())('hosts in a cluster (separate processes, nats-server)', () => {
  let nats: NatsTestServer
  let upstream: NumberedUpstream
  const hosts: HostProcess[] = []

  beforeAll(async () => {
    nats = await startNatsServer()
    upstream = await startNumberedUpstream()
  })
  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.dispose()))
    await upstream?.close()
    await nats?.dispose()
  })

  it('refuses bad cluster options with a clear message and exit code 2', async () => {
    const [role, url, name] = await Promise.all([
      runCli(['--cluster', nats.url, '--role', 'boss']),
      runCli(['--cluster', 'http://127.0.0.1:4222']),
      runCli([], { VIGIL_CLUSTER: nats.url, VIGIL_NODE_NAME: 'no spaces' }),
    ])
    expect(role.code).toBe(2)
    expect(role.output).toContain('--role must be "member" or "viewer", not "boss"')
    expect(url.code).toBe(2)
    expect(url.output).toContain('use nats://HOST:PORT or tls://HOST:PORT')
    expect(name.code).toBe(2)
    expect(name.output).toContain('--node-name "no spaces"')
  }, 60_000)

  it('spreads sources, shares firings and read state, fails a killed holder over within 15 s, stores every number once everywhere', async () => {
    const config = {
      version: 1,
      sources: [
        genericTestSource('numbers', upstream.url('/numbers')),
        genericTestSource('ticks', upstream.url('/ticks')),
      ],
      triggers: [
        {
          id: 'tick',
          name: 'Tick',
          sources: ['ticks'],
          actions: [{ type: 'notify', title: 'tick {{payload.n}}' }],
        },
      ],
    }
    const cluster = ['--cluster', nats.url]
    const started = await Promise.all([
      startHostProcess({ args: [...cluster, '--node-name', 'a', '--cluster-seed'], config }),
      startHostProcess({ args: [...cluster, '--node-name', 'b'], config }),
      startHostProcess({ args: [...cluster, '--node-name', 'c', '--role', 'viewer'], config }),
    ])
    hosts.push(...started)
    const [a, b, c] = started as [HostProcess, HostProcess, HostProcess]
    const byName = { a, b }

    // Spread: each member holds one source, the viewer none, and one connection per source.
    let status: Enabled = await c.get<Enabled>('/api/cluster')
    await eventually(
      async () => {
        status = await c.get<Enabled>('/api/cluster')
        const { numbers, ticks } = status.leases
        return (
          numbers !== undefined &&
          ticks !== undefined &&
          numbers !== ticks &&
          upstream.open('/numbers').length === 1 &&
          upstream.open('/ticks').length === 1 &&
          started.every(joined)
        )
      },
      'the two members to hold one source each',
      30_000,
    )
    // Every host has joined, and so reads what is published from now on.
    upstream.resume()
    expect(status).toMatchObject({ enabled: true, node: 'c', role: 'viewer', connected: true })
    expect(status.members.map((m) => [m.name, m.role]).sort()).toEqual([
      ['a', 'member'],
      ['b', 'member'],
      ['c', 'viewer'],
    ])
    expect(status.members.find((m) => m.name === 'c')?.sources).toEqual([])
    const holderName = status.leases.numbers as 'a' | 'b'
    const holder = byName[holderName]
    const otherName = holderName === 'a' ? 'b' : 'a'
    const other = byName[otherName]
    const sources = await c.get<{ id: string; holder: string | null }[]>('/api/sources')
    expect(sources.find((s) => s.id === 'numbers')?.holder).toBe(holderName)

    // The trigger fires on the holder of its source only; every host shows each firing once,
    // and read state is shared.
    const ticksHolder = byName[status.leases.ticks as 'a' | 'b']
    const notificationsAt = async (host: HostProcess) =>
      (await host.get<{ notifications: Notification[] }>('/api/notifications?limit=10000'))
        .notifications
    await eventually(
      async () => (await notificationsAt(ticksHolder)).length > 0,
      'a firing',
      20_000,
    )
    const [fired] = await notificationsAt(ticksHolder)
    const sameFiring = (n: Notification) => n.title === fired!.title && n.firedAt === fired!.firedAt
    for (const host of started)
      await eventually(
        async () => (await notificationsAt(host)).filter(sameFiring).length === 1,
        `the firing at ${host.origin}`,
        20_000,
      )
    const firingAtViewer = (await notificationsAt(c)).find(sameFiring)!
    expect(firingAtViewer).toMatchObject({ triggerId: 'tick', sourceId: 'ticks', read: false })
    const marked = await c.request('POST', '/api/notifications/mark-read', {
      ids: [firingAtViewer.id],
    })
    expect(marked).toMatchObject({ status: 200, body: { changed: 1 } })
    for (const host of started)
      await eventually(
        async () => (await notificationsAt(host)).find(sameFiring)?.read === true,
        `the firing read at ${host.origin}`,
        10_000,
      )

    // What the holder stored before it dies has reached the other hosts through the stream.
    await eventually(
      async () => (await numbersIn(holder)).length >= 50,
      'numbers at the holder',
      20_000,
    )
    const before = await numbersIn(holder)
    await eventually(
      async () =>
        containsAll(await numbersIn(other), before) && containsAll(await numbersIn(c), before),
      "the holder's numbers at the other hosts",
      20_000,
    )

    const killedAt = Date.now()
    await holder.kill()
    await eventually(
      async () =>
        (await c.get<Enabled>('/api/cluster')).leases.numbers === otherName &&
        upstream.open('/numbers').some((connection) => connection.openedAt > killedAt),
      'another member to hold and open the source',
      20_000,
    )
    const reopened = upstream.open('/numbers').find((connection) => connection.openedAt > killedAt)!
    expect(reopened.openedAt - killedAt).toBeLessThanOrEqual(15_000)
    expect(upstream.open('/numbers')).toHaveLength(1)

    // Let the new holder receive a while, then stop the stream and let every host settle.
    await eventually(
      async () => reopened.sent.length >= 50,
      'numbers on the new connection',
      20_000,
    )
    upstream.pause()
    const received = [...reopened.sent]
    await eventually(
      async () =>
        containsAll(await numbersIn(other), received) && containsAll(await numbersIn(c), received),
      "the new holder's numbers in every history",
      20_000,
    )
    const atOther = await numbersIn(other)
    const atViewer = await numbersIn(c)
    expect(new Set(atOther).size).toBe(atOther.length)
    expect(new Set(atViewer).size).toBe(atViewer.length)
    expect(atViewer).toEqual(atOther)
    expect(containsAll(atViewer, before)).toBe(true)

    // The move is a `vigil` event, raised by the member that took the source.
    const moves = await other.get<{ events: StoredEvent[] }>(
      '/api/events?source=vigil&type=source-moved',
    )
    expect(moves.events.map((event) => event.payload)).toContainEqual(
      expect.objectContaining({ sourceId: 'numbers', to: otherName }),
    )
  }, 120_000)
})
