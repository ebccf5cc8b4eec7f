import { connect } from '@nats-io/transport-node'
import { Kvm } from '@nats-io/kv'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { waitFor } from '../testing/test-server'
import { BUCKETS, kvKey } from './cluster-names'
import type { LeaseChange } from './cluster-port'
import { startClusterHarness, type ClusterHarness } from './testing/cluster-harness'
import { natsServerMissing } from './testing/nats-server'

const SOURCES = ['s1', 's2', 's3', 's4', 's5', 's6']

describe.skipIf(natsServerMissing())('cluster leases (real nats-server)', () => {
  let harness: ClusterHarness
  beforeEach(async () => {
    harness = await startClusterHarness()
  })
  afterEach(() => harness.dispose())

  it('spreads the sources over the members, one holder each; viewers hold none', async () => {
    const nodes = await Promise.all(['alpha', 'beta', 'gamma'].map((name) => harness.node(name)))
    const viewer = await harness.node('delta', { role: 'viewer' })
    for (const node of [...nodes, viewer]) node.setSources(SOURCES)
    await waitFor(
      () => nodes.every((node) => node.heldSources().length === 2),
      'two sources per member',
      10_000,
    )
    const held = nodes.flatMap((node) => node.heldSources())
    expect(held.sort()).toEqual(SOURCES)
    expect(viewer.heldSources()).toEqual([])
    await waitFor(() => Object.keys(viewer.status().leases).length === 6, 'the viewer sees all')
    const status = viewer.status()
    expect(status).toMatchObject({ enabled: true, node: 'delta', role: 'viewer', connected: true })
    expect(status.members.map((m) => [m.name, m.role, m.sources.length])).toEqual([
      ['alpha', 'member', 2],
      ['beta', 'member', 2],
      ['delta', 'viewer', 0],
      ['gamma', 'member', 2],
    ])
    for (const node of nodes)
      for (const sourceId of node.heldSources()) {
        expect(status.leases[sourceId]).toBe(node.name)
        expect(viewer.holderOf(sourceId)).toBe(node.name)
      }
  })

  it('hands a newcomer its share: the others give up their excess', async () => {
    const alpha = await harness.node('alpha')
    alpha.setSources(SOURCES.slice(0, 4))
    await waitFor(() => alpha.heldSources().length === 4, 'alpha holding all four')
    const beta = await harness.node('beta')
    beta.setSources(SOURCES.slice(0, 4))
    await waitFor(
      () => alpha.heldSources().length === 2 && beta.heldSources().length === 2,
      'two each',
      10_000,
    )
  })

  it('tells a holder at once that its lease was taken, and it stops holding', async () => {
    const alpha = await harness.node('alpha')
    alpha.setSources(['s1'])
    await waitFor(() => alpha.heldSources().length === 1, 'alpha holding s1')
    const changes: LeaseChange[] = []
    alpha.onDidChangeLeases((change) => changes.push(change))
    // Someone else writes the lease (an operator, or a member that saw it expire).
    const nc = await connect({ servers: harness.server.url })
    const kv = await new Kvm(nc).open(BUCKETS.leases)
    const current = await kv.get(kvKey('s1'))
    const lostAt = Date.now()
    await kv.update(
      kvKey('s1'),
      JSON.stringify({ sourceId: 's1', holder: 'intruder', instance: 'x' }),
      current!.revision,
    )
    await waitFor(() => changes.length > 0, 'the loss', 2_000)
    expect(Date.now() - lostAt).toBeLessThan(1_000)
    expect(changes[0]).toEqual({ held: [], gained: [], lost: ['s1'] })
    expect(alpha.holderOf('s1')).toBe('intruder')
    await nc.close()
  })

  it('gives its sources up at once on a clean stop', async () => {
    const alpha = await harness.node('alpha')
    const beta = await harness.node('beta')
    for (const node of [alpha, beta]) node.setSources(['s1', 's2'])
    await waitFor(
      () => alpha.heldSources().length === 1 && beta.heldSources().length === 1,
      'one each',
    )
    const stoppedAt = Date.now()
    await alpha.stop()
    await waitFor(() => beta.heldSources().length === 2, 'beta holding both', 5_000)
    // Within a scan or two, sooner than the 3 s lease would have expired.
    expect(Date.now() - stoppedAt).toBeLessThan(3_000)
  })
})

describe.skipIf(natsServerMissing())(
  'cluster failover with the default lease (real nats-server)',
  () => {
    let harness: ClusterHarness
    beforeEach(async () => {
      harness = await startClusterHarness()
    })
    afterEach(() => harness.dispose())

    it('moves the sources of a member that dies without a word within 15 s', async () => {
      const defaults = { limits: {}, scanMs: 1_000 }
      const alpha = await harness.node('alpha', defaults)
      const beta = await harness.node('beta', defaults)
      for (const node of [alpha, beta]) node.setSources(['s1', 's2'])
      await waitFor(
        () => alpha.heldSources().length === 1 && beta.heldSources().length === 1,
        'one each',
        10_000,
      )
      const gained: string[] = []
      beta.onDidChangeLeases((change) => gained.push(...change.gained))
      const killedAt = Date.now()
      await alpha.abandon()
      await waitFor(() => beta.heldSources().length === 2, 'beta holding both', 15_000)
      const took = Date.now() - killedAt
      expect(took).toBeLessThan(15_000)
      expect(gained).toHaveLength(1)
      expect(beta.status().members.map((m) => m.name)).toEqual(['beta'])
    }, 30_000)
  },
)
