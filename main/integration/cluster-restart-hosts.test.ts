/**
 * Restarts, with a member and a viewer in processes of their own. The NATS server restarted
 * mid-stream: the member keeps its source open and buffers what it publishes while the server is
 * away, and every number it received reaches the viewer's history exactly once. A host restarted
 * after firings: the marks made while it was away apply to what it stored, and it goes on
 * following and sharing read state for those firings.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClusterStatus } from '../services/cluster/cluster-port'
import {
  natsServerMissing,
  startNatsServer,
  type NatsTestServer,
} from '../services/cluster/testing/nats-server'
import { genericTestSource } from '../services/testing/test-source'
import { eventually, joined, startHostProcess, type HostProcess } from './host-process'
import { startNumberedUpstream, type NumberedUpstream } from './numbered-upstream'

type Enabled = ClusterStatus & { enabled: true }

interface Notification {
  id: number
  title: string
  firedAt: number
  read: boolean
}

async function notificationsAt(host: HostProcess): Promise<Notification[]> {
  const { notifications } = await host.get<{ notifications: Notification[] }>(
    '/api/notifications?limit=10000',
  )
  return notifications
}

/** The same firing on another host: a firing's title and time name it everywhere. */
function sameAs(firing: Notification): (n: Notification) => boolean {
  return (n) => n.title === firing.title && n.firedAt === firing.firedAt
}

async function readAt(host: HostProcess, firing: Notification): Promise<boolean | undefined> {
  return (await notificationsAt(host)).find(sameAs(firing))?.read
}

async function numbersIn(host: HostProcess): Promise<number[]> {
  const { events } = await host.get<{ events: { payload: { n: number } }[] }>(
    '/api/events?source=numbers&limit=10000',
  )
  return events.map((event) => event.payload.n).sort((a, b) => a - b)
}

describe.skipIf(natsServerMissing())('a NATS restart mid-stream (separate processes)', () => {
  let nats: NatsTestServer
  let upstream: NumberedUpstream
  const hosts: HostProcess[] = []
  const servers: NatsTestServer[] = []

  beforeAll(async () => {
    nats = await startNatsServer()
    upstream = await startNumberedUpstream()
  })
  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.dispose()))
    await upstream?.close()
    await Promise.all([nats, ...servers].map((server) => server?.dispose()))
  })

  it('loses nothing and repeats nothing of what the member received', async () => {
    const config = {
      version: 1,
      sources: [genericTestSource('numbers', upstream.url('/numbers'))],
      triggers: [],
    }
    const cluster = ['--cluster', nats.url]
    const [member, viewer] = await Promise.all([
      startHostProcess({ args: [...cluster, '--node-name', 'm', '--cluster-seed'], config }),
      startHostProcess({ args: [...cluster, '--node-name', 'v', '--role', 'viewer'], config }),
    ])
    hosts.push(member!, viewer!)
    await eventually(async () => joined(member!) && joined(viewer!), 'both hosts to join', 30_000)
    await eventually(async () => upstream.open('/numbers').length === 1, 'the member open', 20_000)
    // Both have joined, and so read what is published from now on.
    upstream.resume()
    await eventually(
      async () => (await numbersIn(viewer!)).length >= 50,
      'numbers at the viewer',
      30_000,
    )

    await nats.stop()
    await eventually(
      async () => !(await viewer!.get<Enabled>('/api/cluster')).connected,
      'the viewer to see NATS gone',
      10_000,
    )
    const whileAway = (await numbersIn(member!)).length
    await eventually(
      async () => (await numbersIn(member!)).length >= whileAway + 50,
      'the member to go on alone',
      20_000,
    )
    expect(upstream.open('/numbers')).toHaveLength(1)
    await nats.restart()

    await eventually(
      async () => (await member!.get<Enabled>('/api/cluster')).connected,
      'the member back on NATS',
      20_000,
    )
    upstream.pause()
    const received = await numbersIn(member!)
    await eventually(
      async () => (await numbersIn(viewer!)).length >= received.length,
      "every one of the member's numbers at the viewer",
      30_000,
    )
    expect(await numbersIn(viewer!)).toEqual(received)
    expect(new Set(received).size).toBe(received.length)
    const sent = upstream.connections.flatMap((connection) => connection.sent)
    expect(received).toEqual(sent.sort((a, b) => a - b))
  }, 150_000)
  it('a viewer restarted after firings follows the marks made elsewhere and shares its own', async () => {
    // A cluster of its own: the first test's holds another config.
    const server = await startNatsServer()
    servers.push(server)
    const config = {
      version: 1,
      sources: [genericTestSource('ticks', upstream.url('/ticks'))],
      triggers: [
        {
          id: 'tick',
          name: 'Tick',
          sources: ['ticks'],
          actions: [{ type: 'notify', title: 'tick {{payload.n}}' }],
        },
      ],
    }
    const cluster = ['--cluster', server.url]
    const viewerArgs = [...cluster, '--node-name', 'w', '--role', 'viewer']
    const [member, viewer] = await Promise.all([
      startHostProcess({ args: [...cluster, '--node-name', 'p', '--cluster-seed'], config }),
      startHostProcess({ args: viewerArgs, config }),
    ])
    hosts.push(member!, viewer!)
    await eventually(async () => joined(member!) && joined(viewer!), 'both hosts to join', 30_000)
    await eventually(async () => upstream.open('/ticks').length === 1, 'the member open', 20_000)
    upstream.resume()
    await eventually(
      async () => (await notificationsAt(viewer!)).length >= 3,
      'three firings at the viewer',
      30_000,
    )
    upstream.pause()
    const [third, second, first] = (await notificationsAt(viewer!)).slice(-3)
    expect([first, second, third].every((n) => n?.read === false)).toBe(true)
    await viewer!.stop()

    // Marked read on the member while the viewer is away.
    const atMember = async (firing: Notification) =>
      (await notificationsAt(member!)).find(sameAs(firing))!
    const markAt = async (host: HostProcess, id: number) =>
      (await host.request('POST', '/api/notifications/mark-read', { ids: [id] })).status
    expect(await markAt(member!, (await atMember(first!)).id)).toBe(200)

    const restarted = await startHostProcess({
      args: viewerArgs,
      config,
      dataDir: viewer!.dataDir,
    })
    hosts.push(restarted)
    await eventually(async () => joined(restarted), 'the viewer to join again', 30_000)
    await eventually(
      async () => (await readAt(restarted, first!)) === true,
      'the mark made while away at the restarted viewer',
      10_000,
    )
    // Marked on the member after the restart: followed by the viewer.
    expect(await markAt(member!, (await atMember(second!)).id)).toBe(200)
    await eventually(
      async () => (await readAt(restarted, second!)) === true,
      'a mark made elsewhere at the restarted viewer',
      10_000,
    )
    // Marked on the restarted viewer: shared with the member.
    expect(await markAt(restarted, third!.id)).toBe(200)
    await eventually(
      async () => (await readAt(member!, third!)) === true,
      "the restarted viewer's mark at the member",
      10_000,
    )
    // Each firing is stored once at the viewer, across both runs.
    const stored = await notificationsAt(restarted)
    for (const firing of [first!, second!, third!])
      expect(stored.filter(sameAs(firing))).toHaveLength(1)
  }, 150_000)
})
