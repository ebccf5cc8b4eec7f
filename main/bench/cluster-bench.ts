/**
 * The bench's cluster variant (issue 18): a member that holds the feeder's source and publishes
 * every event to NATS JetStream, and a viewer that consumes them, each a full Engine without
 * history, both in this process, against a real `nats-server -js` on loopback (the tests' own,
 * with a temporary store). The figure is what the viewer receives per second: the whole way
 * through the cluster. Both engines and the NATS client share this one thread, so it is a lower
 * bound of what separate hosts do.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { configSchema } from '../../shared/config'
import { NatsClusterNode } from '../services/cluster/cluster-node'
import { settings } from '../services/cluster/testing/cluster-harness'
import { natsServerMissing, startNatsServer } from '../services/cluster/testing/nats-server'
import { Engine } from '../services/engine'
import { silentLogger } from '../services/util/logger'
import { BENCH_SOURCE, benchSource, type Client } from './clients'
import { engineInternals } from '../services/testing/engine-internals'

export interface ClusterPipeline extends Client {
  /** Events the member had to drop because its outage buffer was full (none while NATS keeps up). */
  dropped(): number
  /** Messages the member has queued but NATS has not confirmed yet. */
  buffered(): number
}

export { natsServerMissing }

export async function startClusterPipeline(url: string): Promise<ClusterPipeline> {
  const nats = await startNatsServer()
  const dirs: string[] = []
  const config = configSchema.parse({ version: 1, sources: [benchSource(url)] })
  const nodes: NatsClusterNode[] = []
  const start = async (name: string, role: 'member' | 'viewer') => {
    const dataDir = await mkdtemp(join(tmpdir(), `vigil-bench-${name}-`))
    dirs.push(dataDir)
    const engine = await Engine.start({
      dataDir,
      mode: 'headless',
      version: 'bench',
      logger: silentLogger,
      history: false,
      firstRunConfig: () => config,
      cluster: (localConfig) => {
        const node = new NatsClusterNode({
          settings: settings(nats.url, name, role, role === 'member'),
          localConfig,
          logger: silentLogger,
        })
        nodes.push(node)
        return node
      },
    })
    engine.onDidPush(() => {})
    return engine
  }
  const member = await start('bench-member', 'member')
  const viewer = await start('bench-viewer', 'viewer')
  let received = 0
  engineInternals(viewer).monitor.onDidReceiveRemoteEvent(() => received++)
  const started = performance.now()
  while (engineInternals(member).monitor.view(BENCH_SOURCE).state !== 'open') {
    if (performance.now() - started > 20_000) throw new Error('the cluster member did not connect')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return {
    count: () => received,
    dropped: () => nodes[0]?.diagnostics().dropped.messages ?? 0,
    buffered: () => nodes[0]?.diagnostics().buffered.messages ?? 0,
    close: async () => {
      await member.dispose()
      await viewer.dispose()
      await nats.dispose()
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
    },
  }
}
