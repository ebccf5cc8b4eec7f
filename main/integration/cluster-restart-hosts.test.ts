/**
 * The NATS server restarted mid-stream, with a member and a viewer in processes of their own:
 * the member keeps its source open and buffers what it publishes while the server is away, and
 * every number it received reaches the viewer's history exactly once.
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

  beforeAll(async () => {
    nats = await startNatsServer()
    upstream = await startNumberedUpstream()
  })
  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.dispose()))
    await upstream?.close()
    await nats?.dispose()
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
})
