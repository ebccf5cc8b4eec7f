/**
 * Restarts, with a member and a viewer in processes of their own. The NATS server restarted
 * mid-stream: the member keeps its source open and buffers what it publishes while the server is
 * away, and every number it received reaches the viewer's history exactly once. A host restarted
 * after firings: the marks made while it was away apply to what it stored, and it goes on
 * following and sharing read state for those firings.
 */

import { describe, expect, it } from 'vitest'
import { natsServerMissing } from '../services/cluster/testing/nats-server'
import { genericTestSource } from '../services/testing/test-source'
import {
  notificationsAt,
  numbersIn,
  sameFiring,
  tickTrigger,
  useClusterFixture,
  type Enabled,
  type StoredNotification,
} from './cluster-fixture'
import { eventually, joined, type HostProcess } from './host-process'

async function readAt(host: HostProcess, firing: StoredNotification): Promise<boolean | undefined> {
  return (await notificationsAt(host)).find(sameFiring(firing))?.read
}

describe.skipIf(natsServerMissing())('a NATS restart mid-stream (separate processes)', () => {
  const f = useClusterFixture()

  it('loses nothing and repeats nothing of what the member received', async () => {
    const config = {
      version: 1,
      sources: [genericTestSource('numbers', f.upstream.url('/numbers'))],
      triggers: [],
    }
    const cluster = ['--cluster', f.nats.url]
    const [member, viewer] = await Promise.all([
      f.host({ args: [...cluster, '--node-name', 'm', '--cluster-seed'], config }),
      f.host({ args: [...cluster, '--node-name', 'v', '--role', 'viewer'], config }),
    ])
    await eventually(async () => joined(member!) && joined(viewer!), 'both hosts to join', 30_000)
    await eventually(
      async () => f.upstream.open('/numbers').length === 1,
      'the member open',
      20_000,
    )
    // Both have joined, and so read what is published from now on.
    f.upstream.resume()
    await eventually(
      async () => (await numbersIn(viewer!)).length >= 50,
      'numbers at the viewer',
      30_000,
    )

    await f.nats.stop()
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
    expect(f.upstream.open('/numbers')).toHaveLength(1)
    await f.nats.restart()

    await eventually(
      async () => (await member!.get<Enabled>('/api/cluster')).connected,
      'the member back on NATS',
      20_000,
    )
    f.upstream.pause()
    const received = await numbersIn(member!)
    await eventually(
      async () => (await numbersIn(viewer!)).length >= received.length,
      "every one of the member's numbers at the viewer",
      30_000,
    )
    expect(await numbersIn(viewer!)).toEqual(received)
    expect(new Set(received).size).toBe(received.length)
    const sent = f.upstream.connections.flatMap((connection) => connection.sent)
    expect(received).toEqual(sent.sort((a, b) => a - b))
  }, 150_000)
  it('a viewer restarted after firings follows the marks made elsewhere and shares its own', async () => {
    // A cluster of its own: the first test's holds another config.
    const server = await f.server()
    const config = {
      version: 1,
      sources: [genericTestSource('ticks', f.upstream.url('/ticks'))],
      triggers: [tickTrigger('ticks')],
    }
    const cluster = ['--cluster', server.url]
    const viewerArgs = [...cluster, '--node-name', 'w', '--role', 'viewer']
    const [member, viewer] = await Promise.all([
      f.host({ args: [...cluster, '--node-name', 'p', '--cluster-seed'], config }),
      f.host({ args: viewerArgs, config }),
    ])
    await eventually(async () => joined(member!) && joined(viewer!), 'both hosts to join', 30_000)
    await eventually(async () => f.upstream.open('/ticks').length === 1, 'the member open', 20_000)
    f.upstream.resume()
    await eventually(
      async () => (await notificationsAt(viewer!)).length >= 3,
      'three firings at the viewer',
      30_000,
    )
    f.upstream.pause()
    const [third, second, first] = (await notificationsAt(viewer!)).slice(-3)
    expect([first, second, third].every((n) => n?.read === false)).toBe(true)
    await viewer!.stop()

    // Marked read on the member while the viewer is away.
    const atMember = async (firing: StoredNotification) =>
      (await notificationsAt(member!)).find(sameFiring(firing))!
    const markAt = async (host: HostProcess, id: number) =>
      (await host.request('POST', '/api/notifications/mark-read', { ids: [id] })).status
    expect(await markAt(member!, (await atMember(first!)).id)).toBe(200)

    const restarted = await f.host({
      args: viewerArgs,
      config,
      dataDir: viewer!.dataDir,
    })
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
      expect(stored.filter(sameFiring(firing))).toHaveLength(1)
  }, 150_000)
})
