import { Kvm } from '@nats-io/kv'
import { connect } from '@nats-io/transport-node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { VigilError } from '../../../shared/result'
import { waitFor } from '../testing/test-server'
import { BUCKETS, CONFIG_KEY } from './cluster-names'
import {
  configWithSources,
  recordingLogger,
  startClusterHarness,
  type ClusterHarness,
} from './testing/cluster-harness'
import { natsServerMissing } from './testing/nats-server'

describe.skipIf(natsServerMissing())('cluster config (real nats-server)', () => {
  let harness: ClusterHarness
  beforeEach(async () => {
    harness = await startClusterHarness()
  })
  afterEach(() => harness.dispose())

  it('seeds an empty cluster, and a change made on one host reaches the others within 2 s', async () => {
    const seeded = configWithSources(['a'])
    const alpha = await harness.node('alpha', { seed: true, config: seeded })
    expect(alpha.configJoin()).toMatchObject({ kind: 'seeded' })
    const beta = await harness.node('beta')
    const gamma = await harness.node('gamma', { role: 'viewer' })
    expect(beta.config.current()?.config).toEqual(seeded)
    expect(beta.configJoin()).toMatchObject({ kind: 'adopted', differs: true })

    const revision = alpha.config.current()!.revision
    const changed = configWithSources(['a', 'b'])
    const start = Date.now()
    await beta.config.put(changed, revision)
    await waitFor(
      () =>
        alpha.config.current()?.config.sources.length === 2 &&
        gamma.config.current()?.config.sources.length === 2,
      'the change on every host',
      2_000,
    )
    expect(Date.now() - start).toBeLessThan(2_000)
    expect(gamma.config.current()).toEqual({ config: changed, revision: revision + 1 })
  })

  it('refuses a write made on a stale version with a conflict, and keeps the first', async () => {
    const alpha = await harness.node('alpha', { seed: true, config: configWithSources(['a']) })
    const beta = await harness.node('beta')
    const base = alpha.config.current()!.revision
    await alpha.config.put(configWithSources(['a', 'from-alpha']), base)
    const conflict = await beta.config.put(configWithSources(['a', 'from-beta']), base).then(
      () => null,
      (error: unknown) => error,
    )
    expect(conflict).toBeInstanceOf(VigilError)
    expect((conflict as VigilError).code).toBe('conflict')
    await waitFor(() => beta.config.current()?.revision === base + 1, 'the winning write')
    expect(beta.config.current()!.config.sources.map((s) => s.id)).toEqual(['a', 'from-alpha'])
  })

  it('says so when a joining host differs, and never overwrites the cluster without --cluster-seed', async () => {
    const clusterConfig = configWithSources(['shared'])
    await harness.node('alpha', { seed: true, config: clusterConfig })
    const logger = recordingLogger()
    // Even with --cluster-seed: seeding applies to an empty cluster only.
    const beta = await harness.node('beta', {
      seed: true,
      config: configWithSources(['mine']),
      logger,
    })
    expect(beta.configJoin()).toMatchObject({ kind: 'adopted', differs: true })
    expect(logger.lines.some((line) => /warn: .*differs from the cluster's/.test(line))).toBe(true)
    expect(beta.config.current()!.config).toEqual(clusterConfig)
  })

  it('leaves an empty cluster empty without --cluster-seed, and says how to seed it', async () => {
    const alpha = await harness.node('alpha', { config: configWithSources(['mine']) })
    const join = alpha.configJoin()
    expect(join?.kind).toBe('empty')
    expect(join?.message).toMatch(/--cluster-seed/)
    expect(alpha.config.current()).toBeNull()
  })

  it('reports a cluster config this Vigil cannot read, and applies the next good one', async () => {
    await harness.node('alpha', { seed: true, config: configWithSources(['a']) })
    const nc = await connect({ servers: harness.server.url })
    const kv = await new Kvm(nc).open(BUCKETS.config)
    await kv.put(CONFIG_KEY, JSON.stringify({ version: 1, sources: 'not a list' }))
    const logger = recordingLogger()
    const beta = await harness.node('beta', { logger })
    expect(beta.configJoin()).toMatchObject({ kind: 'unreadable' })
    expect(beta.configJoin()?.message).toMatch(/cannot be used here: sources/)
    expect(logger.lines.some((line) => line.startsWith('error: cluster: the cluster'))).toBe(true)
    expect(beta.config.current()).toBeNull()
    const good = configWithSources(['b'])
    await kv.put(CONFIG_KEY, JSON.stringify(good))
    await waitFor(() => beta.config.current() !== null, 'the good config')
    expect(beta.config.current()!.config).toEqual(good)
    await nc.close()
  })

  it('refuses config writes while NATS is unreachable', async () => {
    const alpha = await harness.node('alpha', { seed: true, config: configWithSources(['a']) })
    const revision = alpha.config.current()!.revision
    await harness.server.stop()
    await waitFor(() => !alpha.status().connected, 'the disconnect')
    const error = await alpha.config
      .put(configWithSources(['b']), revision)
      .catch((e: unknown) => e)
    expect((error as VigilError).code).toBe('unavailable')
  })
})
