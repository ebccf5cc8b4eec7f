/**
 * What the cluster integration tests share: a real `nats-server -js` (and a numbered upstream)
 * for the file, the hosts it started disposed after it, and reads of a host's numbers and
 * notifications over REST. Test-only.
 */

import { afterAll, afterEach, beforeAll } from 'vitest'
import type { ClusterStatus } from '../services/cluster/cluster-port'
import { startNatsServer, type NatsTestServer } from '../services/cluster/testing/nats-server'
import { startHostProcess, type HostProcess, type HostProcessOptions } from './host-process'
import { startNumberedUpstream, type NumberedUpstream } from './numbered-upstream'

export type Enabled = ClusterStatus & { enabled: true }

export interface StoredNotification {
  id: number
  triggerId: string
  sourceId: string
  title: string
  firedAt: number
  read: boolean
}

export interface ClusterFixture {
  /** The file's NATS server. */
  readonly nats: NatsTestServer
  /** The file's numbered upstream (it starts paused). */
  readonly upstream: NumberedUpstream
  /** Starts a host in a process of its own, disposed after the file. */
  host(options: HostProcessOptions): Promise<HostProcess>
  /** Another NATS server, for a cluster of its own; disposed after the file. */
  server(): Promise<NatsTestServer>
}

/** Registers the file's set-up and clean-up; call once inside the file's `describe`. */
export function useClusterFixture(): ClusterFixture {
  let nats: NatsTestServer | undefined
  let upstream: NumberedUpstream | undefined
  const hosts: HostProcess[] = []
  const servers: NatsTestServer[] = []

  beforeAll(async () => {
    nats = await startNatsServer()
    upstream = await startNumberedUpstream()
  })
  // A failed test says what each host printed: the only trace of why a lease or a stream stalled.
  afterEach(({ task }) => {
    if (task.result?.state !== 'fail') return
    for (const [index, host] of hosts.entries())
      console.error(`host ${index + 1} (${host.origin}) printed:\n${host.output().slice(-4_000)}`)
  })
  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.dispose()))
    await upstream?.close()
    await Promise.all([nats, ...servers].map((server) => server?.dispose()))
  })

  return {
    get nats() {
      if (!nats) throw new Error('the NATS server starts in beforeAll')
      return nats
    },
    get upstream() {
      if (!upstream) throw new Error('the upstream starts in beforeAll')
      return upstream
    },
    async host(options) {
      const host = await startHostProcess(options)
      hosts.push(host)
      return host
    },
    async server() {
      const server = await startNatsServer()
      servers.push(server)
      return server
    },
  }
}

/** A trigger notifying on every event of `sourceId` (`tick <n>`): a firing a second at least. */
export function tickTrigger(sourceId: string) {
  return {
    id: 'tick',
    name: 'Tick',
    sources: [sourceId],
    actions: [{ type: 'notify', title: 'tick {{payload.n}}' }],
  }
}

/** The numbers of the `numbers` source in the host's history, in order. */
export async function numbersIn(host: HostProcess): Promise<number[]> {
  const { events } = await host.get<{ events: { payload: { n: number } }[] }>(
    '/api/events?source=numbers&limit=10000',
  )
  return events.map((event) => event.payload.n).sort((a, b) => a - b)
}

export function containsAll(have: readonly number[], wanted: readonly number[]): boolean {
  const set = new Set(have)
  return wanted.every((n) => set.has(n))
}

export async function notificationsAt(host: HostProcess): Promise<StoredNotification[]> {
  const { notifications } = await host.get<{ notifications: StoredNotification[] }>(
    '/api/notifications?limit=10000',
  )
  return notifications
}

/** The same firing on another host: a firing's title and time name it everywhere. */
export function sameFiring(firing: StoredNotification): (n: StoredNotification) => boolean {
  return (n) => n.title === firing.title && n.firedAt === firing.firedAt
}
