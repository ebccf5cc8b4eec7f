/**
 * One config for the whole cluster (docs/cluster.md, "One config"). The cluster's KV entry is the
 * document every host runs; its revision is the version.
 *
 * - A change made here (UI, `PUT /api/config`, a trigger snoozed...) is written to the cluster
 *   first, on the revision this host last saw (or the one the caller names with `If-Match`), and
 *   is made here only if the cluster took it: another host's newer change refuses it with a
 *   conflict (409) rather than be undone, and an unreachable cluster with `unavailable` (503).
 * - A change the cluster holds (from any host) is applied here as a replaced config.
 * - Joining: the cluster's config replaces this host's own (the node logs when they differed);
 *   with no config in the cluster, this host runs its own unshared until one arrives
 *   (`--cluster-seed` makes its own the cluster's instead).
 */

import type { Config } from '../../shared/config'
import type { ClusterConfigStore, VersionedConfig } from './cluster/cluster-port'
import type { ConfigJoin } from './cluster/cluster-port'
import type { ClusterNode } from './cluster/cluster-port'
import { errorText } from '../../shared/utils/error-text'
import type { Logger } from './util/logger'

export interface ClusterConfigSyncOptions {
  cluster: Pick<ClusterNode, 'onDidJoinConfig'> & { config: ClusterConfigStore }
  /** Runs a config change after every earlier one (ConfigDocument.mutate). */
  serialise: (change: () => Promise<void>) => Promise<void>
  /** Replaces this host's config with the cluster's, without sharing it back (in `serialise`). */
  apply: (config: Config) => Promise<unknown>
  logger: Logger
}

export class ClusterConfigSync {
  /** The cluster revision this host runs; null while it runs a config the cluster does not have. */
  private revision: number | null = null
  private readonly unsubscribes: (() => void)[]

  constructor(private readonly options: ClusterConfigSyncOptions) {
    const { cluster } = options
    this.unsubscribes = [
      cluster.onDidJoinConfig((join) => this.joined(join)),
      cluster.config.onDidChange((next) => void this.adopt(next)),
    ]
  }

  /** The version this host runs, for `ETag` / `If-Match`; null when not the cluster's. */
  get version(): number | null {
    return this.revision
  }

  /**
   * ConfigDocument's share step: the cluster first; a refusal leaves this host unchanged. Runs in
   * the document's turn (`serialise`), so the echo of its own write, queued behind it, finds the
   * version already taken and is not applied again.
   */
  readonly share = async (next: Config, expectedVersion?: number): Promise<void> => {
    // A cluster with no config (or one this Vigil cannot read): this host's stays its own.
    if (this.revision === null && expectedVersion === undefined) return
    this.revision = await this.options.cluster.config.put(
      next,
      expectedVersion ?? this.revision ?? 0,
    )
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe()
  }

  private joined(join: ConfigJoin): void {
    if (join.kind === 'seeded') this.revision = join.revision
    else if (join.kind === 'adopted') {
      const current = this.options.cluster.config.current()
      if (current) void this.adopt(current)
    }
  }

  /**
   * In turn with the local changes, so that the version a local change is shared on is always
   * the one its document was made from: a local change queued before this one is refused by the
   * cluster instead of undoing it.
   */
  private adopt(next: VersionedConfig): Promise<void> {
    return this.options
      .serialise(async () => {
        if (this.revision !== null && next.revision <= this.revision) return
        await this.options.apply(next.config)
        this.revision = next.revision
      })
      .catch((error: unknown) =>
        this.options.logger.error(
          `cluster: the cluster's config (version ${next.revision}) could not be applied: ${errorText(error)}`,
        ),
      )
  }
}
