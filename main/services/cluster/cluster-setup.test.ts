import { jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../util/logger'
import { EVENTS_STREAM, NOTIFICATIONS_STREAM } from './cluster-names'
import { DEFAULT_LIMITS, openCluster } from './cluster-setup'
import { natsServerMissing, startNatsServer, type NatsTestServer } from './testing/nats-server'

describe.skipIf(natsServerMissing())('openCluster (real nats-server)', () => {
  let server: NatsTestServer
  let nc: NatsConnection
  beforeEach(async () => {
    server = await startNatsServer()
    nc = await connect({ servers: server.url })
  })
  afterEach(async () => {
    await nc.close()
    await server.dispose()
  })

  it('creates what is missing; the first creator sets the lease lifetime for everyone', async () => {
    const first = await openCluster(nc, { ...DEFAULT_LIMITS, leaseTtlMs: 4_000 }, {}, silentLogger)
    expect(first.leaseTtlMs).toBe(4_000)
    const second = await openCluster(nc, DEFAULT_LIMITS, {}, silentLogger)
    expect(second.leaseTtlMs).toBe(4_000)
    expect(second.memberTtlMs).toBe(DEFAULT_LIMITS.memberTtlMs)
    const jsm = await jetstreamManager(nc)
    const events = (await jsm.streams.info(EVENTS_STREAM)).config
    expect(events.max_age).toBe(DEFAULT_LIMITS.eventsMaxAgeMs * 1e6)
    expect(events.max_bytes).toBe(DEFAULT_LIMITS.eventsMaxBytes)
    expect(events.duplicate_window).toBe(DEFAULT_LIMITS.duplicateWindowMs * 1e6)
  })

  it("changes the events stream's retention only when told, and leaves notifications alone", async () => {
    await openCluster(nc, DEFAULT_LIMITS, {}, silentLogger)
    await openCluster(nc, DEFAULT_LIMITS, { maxAgeMs: 7_200_000, maxBytes: 2 ** 29 }, silentLogger)
    const jsm = await jetstreamManager(nc)
    const events = (await jsm.streams.info(EVENTS_STREAM)).config
    expect(events.max_age).toBe(7_200_000 * 1e6)
    expect(events.max_bytes).toBe(2 ** 29)
    const notifications = (await jsm.streams.info(NOTIFICATIONS_STREAM)).config
    expect(notifications.max_age).toBe(DEFAULT_LIMITS.notificationsMaxAgeMs * 1e6)
    // A node started later with defaults does not undo it.
    await openCluster(nc, DEFAULT_LIMITS, {}, silentLogger)
    expect((await jsm.streams.info(EVENTS_STREAM)).config.max_age).toBe(7_200_000 * 1e6)
  })
})
