/**
 * The engine's side of a cluster (issue 18): what this host runs, publishes and shows when it
 * shares its sources with other hosts through a `ClusterNode` (cluster/cluster-port.ts).
 *
 * - Only the sources this node holds connect upstream: the Monitor's connect gate follows the
 *   leases, opening a source gained and closing a source lost at once.
 * - Every event a held source ingests is published; the `vigil` source's own alerts stay local
 *   (each host raises its own).
 * - Events the other hosts' holders publish enter this host's Live events and history through
 *   `Monitor.ingestRemote`, not the trigger engine: triggers run on the holder only.
 * - While NATS is connected but cannot take this host's events as fast as its sources bring
 *   them, the sources are held back (`Monitor.holdReading`, as history does) instead of the
 *   events being dropped.
 * - The members share out the config's enabled sources; the list follows every config change.
 * - The config is the cluster's (cluster-config-sync.ts); notifications and their read state are
 *   everyone's (cluster-notifications.ts).
 * - The cluster's connection and the moves of sources are `vigil` events, so triggers can fire on
 *   `cluster-disconnected`, `cluster-reconnected` and `source-moved` (raised by the member taking
 *   the source).
 */

import type { Config } from '../../shared/config'
import type { ClusterView } from '../../shared/cluster'
import type { VigilEvent } from '../../shared/domain'
import { VIGIL_SOURCE_ID } from '../../shared/source-ids'
import type { ClusterNode, ClusterStatus, RemoteEvent } from './cluster/cluster-port'
import { ClusterConfigSync, type ClusterConfigSyncOptions } from './cluster-config-sync'
import { ClusterNotifications, type ClusterNotificationsOptions } from './cluster-notifications'
import type { Monitor } from './monitor'
import { Emitter } from '../../shared/utils/emitter'
import type { Logger } from './util/logger'

export interface ClusterLinkOptions {
  cluster: ClusterNode
  monitor: Monitor
  logger: Logger
  /** How this host's config document meets the cluster's (see cluster-config-sync.ts). */
  config: Pick<ClusterConfigSyncOptions, 'serialise' | 'apply'> & {
    shareWith: (share: ClusterConfigSync['share']) => void
  }
}

export class ClusterLink {
  private readonly cluster: ClusterNode
  private readonly monitor: Monitor
  private held = new Set<string>()
  private readonly statusChanged: Emitter<ClusterView>
  /** The connection, the members or the leases changed: the UI's `cluster:status` push. */
  readonly onDidChangeStatus: Emitter<ClusterView>['event']
  private configNotice: string | null = null
  private readonly configSync: ClusterConfigSync
  private notifications: ClusterNotifications | null = null
  private readonly unsubscribes: (() => void)[] = []

  constructor(options: ClusterLinkOptions) {
    const { cluster, monitor, logger } = options
    this.cluster = cluster
    this.statusChanged = new Emitter<ClusterView>(logger)
    this.onDidChangeStatus = this.statusChanged.event
    const changed = () => this.statusChanged.fire(this.view())
    this.monitor = monitor
    this.configSync = new ClusterConfigSync({ ...options.config, cluster, logger })
    options.config.shareWith(this.configSync.share)
    // Before any source is added: a source nobody gave this node never dials.
    monitor.setConnectGate((id) => this.held.has(id))
    this.unsubscribes.push(
      cluster.onDidChangeLeases((change) => {
        this.held = new Set(change.held)
        monitor.regate(change)
        if (change.gained.length > 0) logger.info(`cluster: holding ${change.gained.join(', ')}`)
        if (change.lost.length > 0) logger.info(`cluster: gave up ${change.lost.join(', ')}`)
      }),
      cluster.onDidReceiveRemoteEvent((event) => this.ingest(event)),
      cluster.onDidChangeHold((hold) =>
        hold ? monitor.holdReading('cluster') : monitor.releaseReading('cluster'),
      ),
      cluster.onDidChangeConnection((up) =>
        monitor.alert(up ? 'cluster-reconnected' : 'cluster-disconnected', { node: cluster.name }),
      ),
      // Raised by the member taking the source only: every host sees each move, and a trigger on
      // it fires where it is raised, so one host raising it keeps it one notification.
      cluster.onDidMoveSource((move) => {
        if (move.to === cluster.name) monitor.alert('source-moved', move)
      }),
      cluster.onDidChangeConnection(changed),
      cluster.onDidChangeMembers(changed),
      cluster.onDidChangeLeases(changed),
      // Said in the log by the node; the UI says it too while it holds.
      cluster.onDidJoinConfig((join) => {
        const quiet = join.kind === 'seeded' || (join.kind === 'adopted' && !join.differs)
        this.configNotice = quiet ? null : join.message
        changed()
      }),
    )
  }

  get name(): string {
    return this.cluster.name
  }

  status(): ClusterStatus {
    return this.cluster.status()
  }

  /** The cluster's version of the config this host runs (`ETag`); null when not the cluster's. */
  get configVersion(): number | null {
    return this.configSync.version
  }

  /** The UI's view: the status, and a word on this host's config when it has one. */
  view(): ClusterView {
    return { ...this.status(), ...(this.configNotice ? { configNotice: this.configNotice } : {}) }
  }

  holderOf(sourceId: string): string | null {
    return this.cluster.holderOf(sourceId)
  }

  /** Shares notifications and their read state with the other hosts (cluster-notifications.ts). */
  shareNotifications(options: Omit<ClusterNotificationsOptions, 'cluster'>): ClusterNotifications {
    this.notifications = new ClusterNotifications({ ...options, cluster: this.cluster })
    return this.notifications
  }

  /** The sources the members share out: the config's enabled ones. */
  configChanged(config: Config): void {
    this.cluster.setSources(config.sources.filter((s) => s.enabled).map((s) => s.id))
  }

  start(config: Config): Promise<void> {
    this.configChanged(config)
    return this.cluster.start()
  }

  /** Gives this node's leases up (the other members take them at once) and disconnects. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe()
    this.monitor.releaseReading('cluster')
    this.configSync.dispose()
    this.notifications?.dispose()
    this.statusChanged.dispose()
    await this.cluster.stop()
  }

  /** Every event this host ingests (EventFlow's `cluster` subscriber): its held sources' go out. */
  publish(event: VigilEvent): void {
    if (event.sourceId === VIGIL_SOURCE_ID || !this.held.has(event.sourceId)) return
    const { sourceId, type, receivedAt, payload } = event
    this.cluster.publishEvent({ sourceId, type, receivedAt, payload })
  }

  private ingest(event: RemoteEvent): void {
    // The frame is the holder's: what it weighed in the message, else its payload's JSON.
    this.monitor.ingestRemote(event, event.bytes ?? JSON.stringify(event.payload)?.length ?? 0)
  }
}
