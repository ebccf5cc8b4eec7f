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
import { median } from './measure'

export interface ClusterPipeline extends Client {
  /** Events the member had to drop because its outage buffer was full (none while NATS keeps up). */
  dropped(): number
  /** Messages the member has queued but NATS has not confirmed yet. */
  buffered(): number
  /** How long the member held its source back, waiting for NATS (ms since it started). */
  heldMs(): number
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
  // Counting starts once the viewer has its first event: the whole way through is running.
  while (received === 0) {
    if (performance.now() - started > 20_000) throw new Error('no event reached the viewer')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return {
    count: () => received,
    dropped: () => nodes[0]?.diagnostics().dropped.events ?? 0,
    buffered: () => nodes[0]?.diagnostics().buffered.messages ?? 0,
    heldMs: () => engineInternals(member).monitor.view(BENCH_SOURCE).counters.pausedMs,
    close: async () => {
      await member.dispose()
      await viewer.dispose()
      await nats.dispose()
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
    },
  }
}

/** A round's figures, as the cluster's lines below read them. */
export interface ClusterRound {
  /** Events per second the viewer received. */
  rate: number
  /** Events the member dropped (its outage buffer full). */
  dropped: number
  /** Seconds the member held its source back for NATS. */
  held: number
  /** The member's most messages waiting for NATS. */
  pending: number
}

const int = (n: number) => Math.round(n).toLocaleString('en-US')

/** What the member did with what NATS could not take at once, round by round. */
export function clusterDetail(rounds: readonly ClusterRound[], seconds: number): string {
  const dropped = rounds.map((m) => int(m.dropped)).join(', ')
  const held = rounds.map((m) => m.held.toFixed(1)).join(', ')
  const backlog = int(Math.max(...rounds.map((m) => m.pending)))
  return (
    `    member: events dropped ${dropped}; source held back for NATS ${held} s of ${seconds}; ` +
    `largest backlog ${backlog} messages`
  )
}

/** The cluster's rate over the same round's pipeline without history. */
export function clusterRatio(
  rounds: readonly ClusterRound[],
  engine: readonly { rate: number }[],
): string {
  const ratios = rounds.map((m, i) => m.rate / engine[i]!.rate)
  const dropped = int(rounds.reduce((sum, m) => sum + m.dropped, 0))
  return (
    `  ${'ratio cluster / pipeline'.padEnd(30)} ${median(ratios).toFixed(2).padStart(9)}  ` +
    `${ratios
      .map((r) => r.toFixed(2))
      .join(', ')
      .padEnd(17)} aim >= 0.7 (issue 18); ${dropped} events dropped at the member`
  )
}
