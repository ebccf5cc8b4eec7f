/**
 * What happens to a host's own config when it joins a cluster. The cluster's config is the one
 * every host runs, so a joining host adopts it, and says so when its own differed (its own is not
 * pushed over the cluster's without the user's word). The only way a host's config becomes the
 * cluster's on joining is `--cluster-seed` on a cluster that has none yet.
 */

import type { KV } from '@nats-io/kv'
import type { Config } from '../../../shared/config'
import { VigilError } from '../../../shared/result'
import { jsonEqual } from '../../../shared/utils/json-equal'
import type { ConfigJoin, VersionedConfig } from './cluster-port'
import type { NatsConfigStore } from './config-store'

export interface ConfigJoinInput {
  local: Config
  /** What the cluster holds (see NatsConfigStore.attach). */
  cluster: VersionedConfig | null | { invalid: string; revision: number }
  seed: boolean
  /** Pushes this host's config to the empty cluster; answers its revision. */
  create: (config: Config) => Promise<number>
}

export async function joinConfig(input: ConfigJoinInput): Promise<ConfigJoin> {
  const { local, cluster, seed } = input
  if (cluster && 'invalid' in cluster)
    return { kind: 'unreadable', revision: cluster.revision, message: cluster.invalid }
  if (cluster) {
    const differs = !jsonEqual(local, cluster.config)
    return {
      kind: 'adopted',
      revision: cluster.revision,
      differs,
      message: differs
        ? `this host's config differs from the cluster's (version ${cluster.revision}); ` +
          `running the cluster's, as every host does (--cluster-seed does not replace a cluster's config)`
        : `this host's config is the cluster's (version ${cluster.revision})`,
    }
  }
  if (!seed)
    return {
      kind: 'empty',
      message:
        'the cluster has no config yet: this host runs its own without sharing it; start it ' +
        'once with --cluster-seed to make it the cluster config',
    }
  const revision = await input.create(local)
  return {
    kind: 'seeded',
    revision,
    message: `this host's config is now the cluster's (version ${revision})`,
  }
}

/**
 * Attaches `store` to the config bucket and joins: if another host seeds the empty cluster at the
 * same moment, its config wins and this host adopts it.
 */
export async function joinClusterConfig(
  store: NatsConfigStore,
  kv: KV,
  options: { local: Config; seed: boolean },
): Promise<ConfigJoin> {
  const attempt = (cluster: ConfigJoinInput['cluster']) =>
    joinConfig({ ...options, cluster, create: (config) => store.put(config, 0) })
  try {
    return await attempt(await store.attach(kv))
  } catch (error) {
    if (!(error instanceof VigilError && error.code === 'conflict')) throw error
    return attempt(store.current())
  }
}
