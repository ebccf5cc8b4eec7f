/**
 * Cluster nodes for the integration tests: several `NatsClusterNode`s in this process against
 * one real `nats-server`, with lifetimes short enough for tests to run in seconds (a 3 s lease,
 * 250 ms scans) unless a test asks for the defaults. Test-only.
 */

import { configSchema, type Config, type ConfigInput } from '../../../../shared/config'
import { silentLogger, type Logger } from '../../util/logger'
import { NatsClusterNode, type NatsClusterNodeOptions } from '../cluster-node'
import type { ClusterRole } from '../cluster-port'
import type { ClusterSettings } from '../cluster-options'
import { startNatsServer, type NatsTestServer } from './nats-server'

export const FAST: Pick<NatsClusterNodeOptions, 'limits' | 'scanMs'> = {
  limits: { leaseTtlMs: 3_000, memberTtlMs: 3_000 },
  scanMs: 250,
}

export interface NodeSpec extends Partial<Omit<NatsClusterNodeOptions, 'settings'>> {
  role?: ClusterRole
  seed?: boolean
  /** Connect here instead of the server (a proxy in front of it). */
  url?: string
  config?: ConfigInput
}

export interface ClusterHarness {
  server: NatsTestServer
  /** Starts a node named `name` and waits until it has joined (or 3 s). */
  node(name: string, spec?: NodeSpec): Promise<NatsClusterNode>
  dispose(): Promise<void>
}

export async function startClusterHarness(): Promise<ClusterHarness> {
  const server = await startNatsServer()
  const nodes: NatsClusterNode[] = []
  return {
    server,
    async node(name, spec = {}) {
      const { role = 'member', seed = false, url, config, ...options } = spec
      const local = configSchema.parse(config ?? { version: 1 })
      const node = new NatsClusterNode({
        ...FAST,
        logger: options.logger ?? silentLogger,
        ...options,
        settings: settings(url ?? server.url, name, role, seed),
        localConfig: () => local,
      })
      nodes.push(node)
      await node.start()
      return node
    },
    async dispose() {
      await Promise.all(nodes.map((node) => node.stop().catch(() => {})))
      await server.dispose()
    },
  }
}

export function settings(
  url: string,
  name: string,
  role: ClusterRole = 'member',
  seed = false,
): ClusterSettings {
  return { servers: [url], auth: {}, tls: null, name, role, seed, retention: {} }
}

/** A config with these sources (generic, on a URL nothing listens at). */
export function configWithSources(ids: string[]): Config {
  return configSchema.parse({
    version: 1,
    sources: ids.map((id) => ({
      id,
      name: id,
      preset: 'generic',
      url: 'ws://127.0.0.1:9/',
    })),
  })
}

/** A logger that keeps what it was told, for tests that check what a node said. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
  }
}
