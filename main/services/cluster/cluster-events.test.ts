import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { waitFor } from '../testing/test-server'
import type { NatsClusterNode } from './cluster-node'
import type { RemoteEvent } from './cluster-port'
import { startClusterHarness, type ClusterHarness } from './testing/cluster-harness'
import { natsServerMissing } from './testing/nats-server'
import { startTcpProxy } from './testing/tcp-proxy'

function numbered(sourceId: string, n: number) {
  return { sourceId, type: 'tick', receivedAt: Date.now(), payload: { n } }
}

function numbersFrom(events: RemoteEvent[], origin?: string): number[] {
  return events
    .filter((event) => origin === undefined || event.origin === origin)
    .map((event) => (event.payload as { n: number }).n)
}

function collect(node: NatsClusterNode): RemoteEvent[] {
  const events: RemoteEvent[] = []
  node.onDidReceiveRemoteEvent((event) => events.push(event))
  return events
}

async function holding(node: NatsClusterNode, sourceId: string): Promise<void> {
  node.setSources([sourceId])
  await waitFor(() => node.heldSources().includes(sourceId), `${node.name} holding ${sourceId}`)
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe.skipIf(natsServerMissing())('cluster events (real nats-server)', () => {
  let harness: ClusterHarness
  beforeEach(async () => {
    harness = await startClusterHarness()
  })
  afterEach(() => harness.dispose())

  it('brings every event of a holder to every other host once, in order; not back to its own', async () => {
    const alpha = await harness.node('alpha')
    const beta = await harness.node('beta', { role: 'viewer' })
    const gamma = await harness.node('gamma')
    const atAlpha = collect(alpha)
    const atBeta = collect(beta)
    const atGamma = collect(gamma)
    await holding(alpha, 's1')
    expect(beta.publishEvent(numbered('s1', 0))).toBe(false) // viewers never publish
    for (const n of range(1, 200)) expect(alpha.publishEvent(numbered('s1', n))).toBe(true)
    await waitFor(() => atBeta.length >= 200 && atGamma.length >= 200, 'every event', 10_000)
    expect(numbersFrom(atBeta)).toEqual(range(1, 200))
    expect(numbersFrom(atGamma)).toEqual(range(1, 200))
    expect(atBeta[0]).toMatchObject({ sourceId: 's1', type: 'tick', origin: 'alpha' })
    expect(atAlpha).toEqual([])
  })

  it('sends a turn of events in a message per type, and every host still gets each once, in order', async () => {
    const alpha = await harness.node('alpha')
    const beta = await harness.node('beta', { role: 'viewer' })
    const atBeta = collect(beta)
    await holding(alpha, 's1')
    for (const n of range(1, 600))
      alpha.publishEvent({ ...numbered('s1', n), type: n % 3 === 0 ? 'fizz' : 'tick' })
    await waitFor(() => atBeta.length >= 600, 'every event', 10_000)
    const ofType = (type: string) => atBeta.filter((event) => event.type === type)
    expect(numbersFrom(ofType('fizz'))).toEqual(range(1, 600).filter((n) => n % 3 === 0))
    expect(numbersFrom(ofType('tick'))).toEqual(range(1, 600).filter((n) => n % 3 !== 0))
    const nc = await connect({ servers: harness.server.url })
    try {
      const info = await (await jetstreamManager(nc)).streams.info('VIGIL_EVENTS')
      // The lease marker and one batch per type.
      expect(info.state.messages).toBe(3)
    } finally {
      await nc.close()
    }
  })

  it('catches a host up on what it missed while it was away', async () => {
    const alpha = await harness.node('alpha')
    const first = await harness.node('beta', { role: 'viewer' })
    await holding(alpha, 's1')
    alpha.publishEvent(numbered('s1', 1))
    const before = collect(first)
    await waitFor(() => before.length === 1, 'the first event')
    await first.stop()
    for (const n of range(2, 50)) alpha.publishEvent(numbered('s1', n))
    await waitFor(() => alpha.diagnostics().buffered.messages === 0, 'alpha to publish')
    // The same node, back: its durable consumer remembers where it was.
    const back = await harness.node('beta', { role: 'viewer' })
    const after = collect(back)
    await waitFor(() => after.length >= 49, 'the catch-up', 10_000)
    expect(numbersFrom(after)).toEqual(range(2, 50))
  })

  it('delivers every event once when the NATS server restarts mid-stream', async () => {
    const alpha = await harness.node('alpha')
    const beta = await harness.node('beta', { role: 'viewer' })
    const received = collect(beta)
    await holding(alpha, 's1')
    const connection: boolean[] = []
    alpha.onDidChangeConnection((up) => connection.push(up))
    let n = 0
    const timer = setInterval(() => alpha.publishEvent(numbered('s1', ++n)), 5)
    await waitFor(() => received.length > 50, 'events flowing')
    await harness.server.restart()
    await waitFor(() => n > received.length + 100, 'more events while NATS came back', 10_000)
    clearInterval(timer)
    await waitFor(() => received.length >= n, 'every event', 15_000)
    expect(numbersFrom(received)).toEqual(range(1, n))
    expect(connection).toEqual([false, true])
    expect(alpha.heldSources()).toEqual(['s1'])
  }, 30_000)

  it('ignores what a cut-off holder ingested after its lease ran out; the new holder takes over', async () => {
    const proxy = await startTcpProxy(harness.server.port)
    try {
      const alpha = await harness.node('alpha', { url: proxy.url })
      await holding(alpha, 's1')
      const beta = await harness.node('beta')
      beta.setSources(['s1'])
      const gamma = await harness.node('gamma', { role: 'viewer' })
      const atGamma = collect(gamma)
      alpha.publishEvent(numbered('s1', 1))
      await waitFor(() => atGamma.length === 1, 'the first event')

      proxy.cut()
      await waitFor(() => !alpha.status().connected, 'alpha to notice')
      // Alone, alpha keeps its source and goes on ingesting, buffering what it publishes.
      let n = 1
      const timer = setInterval(() => alpha.publishEvent(numbered('s1', ++n)), 50)
      await waitFor(() => beta.heldSources().includes('s1'), 'beta taking over', 10_000)
      expect(alpha.heldSources()).toEqual(['s1'])
      for (const m of range(1001, 1010)) beta.publishEvent(numbered('s1', m))
      await waitFor(() => numbersFrom(atGamma, 'beta').length === 10, "beta's events")

      const lost = new Promise<number>((resolve) =>
        alpha.onDidChangeLeases((change) => {
          if (change.lost.includes('s1')) resolve(Date.now())
        }),
      )
      const restoredAt = Date.now()
      proxy.restore()
      const lostAt = await lost
      clearInterval(timer)
      // Two holders for at most a reconnect and one renewal round trip after NATS is back.
      expect(lostAt - restoredAt).toBeLessThan(3_000)
      await waitFor(() => alpha.diagnostics().buffered.messages === 0, 'alpha to flush')
      await waitFor(() => gamma.diagnostics().fenced > 0, 'stale events fenced', 5_000)

      // What alpha ingested while its lease was certainly its own arrived; the rest was ignored.
      const fromAlpha = numbersFrom(atGamma, 'alpha')
      expect(fromAlpha.length).toBeGreaterThan(1)
      expect(fromAlpha).toEqual(range(1, fromAlpha.length))
      expect(fromAlpha.length + gamma.diagnostics().fenced).toBe(n)
      expect(numbersFrom(atGamma, 'beta')).toEqual(range(1001, 1010))
    } finally {
      await proxy.close()
    }
  }, 40_000)
})
