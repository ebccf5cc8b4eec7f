/**
 * Three headless hosts in processes of their own against a real `nats-server -js`: two members
 * and a viewer sharing two sources on a numbered f.upstream. The sources are spread between the
 * members, only the holder connects upstream, a holder killed with SIGKILL is replaced within
 * 15 s, and every number a holder received and published is in every host's history once. A
 * trigger fires on its source's holder only, every host shows the firing once, and marking it
 * read on one host marks it read on all.
 */

import { describe, expect, it } from 'vitest'
import { natsServerMissing } from '../services/cluster/testing/nats-server'
import { genericTestSource } from '../services/testing/test-source'
import {
  containsAll,
  notificationsAt,
  numbersIn,
  sameFiring,
  tickTrigger,
  useClusterFixture,
  type Enabled,
} from './cluster-fixture'
import { eventually, joined, runCli, type HostProcess } from './host-process'

interface StoredEvent {
  sourceId: string
  type: string
  payload: unknown
}

describe.skipIf(natsServerMissing())('hosts in a cluster (separate processes, nats-server)', () => {
  const f = useClusterFixture()

  it('refuses bad cluster options with a clear message and exit code 2', async () => {
    const [role, url, name] = await Promise.all([
      runCli(['--cluster', f.nats.url, '--role', 'boss']),
      runCli(['--cluster', 'http://127.0.0.1:4222']),
      runCli([], { VIGIL_CLUSTER: f.nats.url, VIGIL_NODE_NAME: 'no spaces' }),
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
        genericTestSource('numbers', f.upstream.url('/numbers')),
        genericTestSource('ticks', f.upstream.url('/ticks')),
      ],
      triggers: [tickTrigger('ticks')],
    }
    const cluster = ['--cluster', f.nats.url]
    const started = await Promise.all([
      f.host({ args: [...cluster, '--node-name', 'a', '--cluster-seed'], config }),
      f.host({ args: [...cluster, '--node-name', 'b'], config }),
      f.host({ args: [...cluster, '--node-name', 'c', '--role', 'viewer'], config }),
    ])
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
          f.upstream.open('/numbers').length === 1 &&
          f.upstream.open('/ticks').length === 1 &&
          started.every(joined)
        )
      },
      'the two members to hold one source each',
      30_000,
    )
    // Every host has joined, and so reads what is published from now on.
    f.upstream.resume()
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
    await eventually(
      async () => (await notificationsAt(ticksHolder)).length > 0,
      'a firing',
      20_000,
    )
    const [fired] = await notificationsAt(ticksHolder)
    const same = sameFiring(fired!)
    for (const host of started)
      await eventually(
        async () => (await notificationsAt(host)).filter(same).length === 1,
        `the firing at ${host.origin}`,
        20_000,
      )
    const firingAtViewer = (await notificationsAt(c)).find(same)!
    expect(firingAtViewer).toMatchObject({ triggerId: 'tick', sourceId: 'ticks', read: false })
    const marked = await c.request('POST', '/api/notifications/mark-read', {
      ids: [firingAtViewer.id],
    })
    expect(marked).toMatchObject({ status: 200, body: { changed: 1 } })
    for (const host of started)
      await eventually(
        async () => (await notificationsAt(host)).find(same)?.read === true,
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
        f.upstream.open('/numbers').some((connection) => connection.openedAt > killedAt),
      'another member to hold and open the source',
      20_000,
    )
    const reopened = f.upstream
      .open('/numbers')
      .find((connection) => connection.openedAt > killedAt)!
    expect(reopened.openedAt - killedAt).toBeLessThanOrEqual(15_000)
    expect(f.upstream.open('/numbers')).toHaveLength(1)

    // Let the new holder receive a while, then stop the stream and let every host settle.
    await eventually(
      async () => reopened.sent.length >= 50,
      'numbers on the new connection',
      20_000,
    )
    f.upstream.pause()
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
