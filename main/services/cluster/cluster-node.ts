/**
 * `ClusterNode` over NATS JetStream: composes the connection, the streams and buckets, the config
 * store, membership, leases, the outage buffer and the two stream readers. Each part has its own
 * module; this one wires them and answers the engine (cluster-port.ts).
 *
 * Start-up never waits for NATS for long: the node connects in the background, and everything
 * that needs the server (joining the config, membership, leases, the readers) starts on the first
 * connection, whenever it comes. Until then the host works alone.
 */

import { nuid } from '@nats-io/transport-node'
import type { Config } from '../../../shared/config'
import { VigilError } from '../../../shared/result'
import { errorText } from '../../../shared/utils/error-text'
import { Emitter } from '../../../shared/utils/emitter'
import { systemClock, type Clock } from '../util/clock'
import { consoleLogger, type Logger } from '../util/logger'
import { EVENTS_STREAM, NOTIFICATIONS_STREAM, durableName } from './cluster-names'
import type { ClusterSettings } from './cluster-options'
import type {
  ConfigJoin,
  ClusterDiagnostics,
  ClusterEvent,
  ClusterEventDraft,
  ClusterMember,
  ClusterNode,
  ClusterNotificationDraft,
  ClusterStatus,
  LeaseChange,
  ReadChange,
} from './cluster-port'
import {
  DEFAULT_LIMITS,
  openCluster,
  type ClusterHandles,
  type ClusterLimits,
} from './cluster-setup'
import { joinClusterConfig } from './config-join'
import { NatsConfigStore } from './config-store'
import { EventBatcher } from './event-batcher'
import { leaseMarkerMessage } from './event-envelope'
import { EventFeed } from './event-feed'
import { LeaseKeeper } from './lease-keeper'
import { LeaseTable } from './lease-table'
import { Membership } from './membership'
import { leasesView, membersView } from './cluster-status'
import { NatsLink } from './nats-link'
import { NotificationFeed, notificationKeySchema, notificationMessage } from './notification-feed'
import { PublishQueue, type OutgoingMessage } from './publish-queue'
import { ReadState } from './read-state'
import { StreamReader } from './stream-reader'

export interface NatsClusterNodeOptions {
  settings: ClusterSettings
  /** This host's own config, compared with the cluster's when NATS is first reached. */
  localConfig: () => Config
  clock?: Clock
  logger?: Logger
  /** Lifetimes and retention a node creating the streams and buckets gives them. */
  limits?: Partial<ClusterLimits>
  /** How often expired leases and members are noticed, and leases planned (default 1 s). */
  scanMs?: number
  /** The outage buffer's bound (default 64 MiB). */
  bufferBytes?: number
  /** Where this node's event consumer starts if the server has none for it (default: now). */
  catchUpFrom?: number
  /** How long `start()` waits for a first connection before the host goes on alone. */
  connectWaitMs?: number
}

export class NatsClusterNode implements ClusterNode {
  readonly name: string
  readonly role: ClusterSettings['role']
  private readonly instance = nuid.next()
  private readonly since: number
  private readonly clock: Clock
  private readonly logger: Logger
  private readonly limits: ClusterLimits
  private readonly link: NatsLink
  private readonly membership: Membership
  private readonly table: LeaseTable
  private readonly keeper: LeaseKeeper | null
  private readonly queue: PublishQueue
  private readonly batcher: EventBatcher
  private readonly events: EventFeed
  private readonly notifications: NotificationFeed
  private readonly readState: ReadState
  readonly config: NatsConfigStore
  private readers: StreamReader[] = []
  private readersStopped: Promise<void> = Promise.resolve()
  private attached = false
  private attaching: Promise<void> | null = null
  private whenAttached: () => void = () => {}
  private stopped = false
  private join: ConfigJoin | null = null
  readonly onDidChangeConnection
  private readonly joined: Emitter<ConfigJoin>
  readonly onDidJoinConfig
  private readonly membersChanged: Emitter<ClusterMember[]>
  readonly onDidChangeMembers
  readonly onDidChangeLeases: ClusterEvent<LeaseChange>
  readonly onDidMoveSource
  readonly onDidReceiveRemoteEvent
  readonly onDidChangeHold
  readonly onDidReceiveNotification
  readonly onDidChangeReadState

  constructor(private readonly options: NatsClusterNodeOptions) {
    const { settings } = options
    this.name = settings.name
    this.role = settings.role
    this.clock = options.clock ?? systemClock
    this.logger = options.logger ?? consoleLogger
    this.since = this.clock.now()
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    const isConnected = () => this.link.connected
    const scanMs = options.scanMs ?? 1_000
    const { clock, logger } = this

    this.joined = new Emitter<ConfigJoin>(logger)
    this.onDidJoinConfig = this.joined.event
    this.membersChanged = new Emitter<ClusterMember[]>(logger)
    this.onDidChangeMembers = this.membersChanged.event

    this.link = new NatsLink({ settings, clock, logger })
    this.config = new NatsConfigStore({
      logger,
      isConnected,
      maxPayload: () => this.link.connection?.info?.max_payload ?? 1024 * 1024,
    })
    this.membership = new Membership({
      self: { name: this.name, role: this.role, since: this.since, instance: this.instance },
      clock,
      logger,
      isConnected,
      sweepMs: scanMs * 2,
    })
    this.table = new LeaseTable({ clock, logger, isConnected, sweepMs: scanMs })
    this.onDidMoveSource = this.table.onDidMove
    this.keeper =
      this.role === 'member'
        ? new LeaseKeeper({
            self: { name: this.name, instance: this.instance },
            clock,
            logger,
            isConnected,
            table: this.table,
            memberNames: () =>
              this.membership
                .members()
                .filter((member) => member.role === 'member')
                .map((member) => member.name),
            scanMs,
          })
        : null
    this.queue = new PublishQueue({ maxBytes: options.bufferBytes ?? 64 * 2 ** 20, clock, logger })
    this.onDidChangeHold = this.queue.onDidChangeHold
    this.batcher = new EventBatcher({
      send: (message) => this.queue.enqueue(message),
      maxPayload: () => this.link.connection?.info?.max_payload ?? 1024 * 1024,
    })
    this.events = new EventFeed(this.name, logger)
    this.onDidReceiveRemoteEvent = this.events.onDidReceive
    this.notifications = new NotificationFeed({ name: this.name, instance: this.instance }, logger)
    this.onDidReceiveNotification = this.notifications.onDidReceive
    this.readState = new ReadState(logger)
    this.onDidChangeReadState = this.readState.onDidChange

    this.membership.onDidChange(() => this.membersChanged.fire(this.status().members))
    this.table.onDidChange(() => this.membersChanged.fire(this.status().members))
    // A viewer never holds, so its leases never change.
    this.onDidChangeLeases = this.keeper?.onDidChange ?? (() => () => {})
    // A new lease's marker goes out before any event stamped with it (same ordered queue).
    this.keeper?.onDidAcquire((lease) =>
      this.enqueue(leaseMarkerMessage(lease.sourceId, this.name, lease.epoch)),
    )
    // Subscribed first, so the node has reacted before anyone else hears of the change.
    this.link.onDidChangeConnection((up) => {
      this.queue.setConnected(up)
      if (up && !this.attached) void this.attach()
      if (up && this.attached) this.keeper?.reconnected()
    })
    this.onDidChangeConnection = this.link.onDidChangeConnection
  }

  /** Resolves once joined, or after `connectWaitMs` with the host working alone meanwhile. */
  async start(): Promise<void> {
    const joined = new Promise<void>((resolve) => {
      const timer = this.clock.setTimeout(resolve, this.options.connectWaitMs ?? 3_000)
      this.whenAttached = () => {
        this.clock.clearTimeout(timer)
        resolve()
      }
    })
    this.link.start()
    await joined
  }

  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    await this.keeper?.releaseAll()
    this.batcher.flush()
    if (this.link.connected) await this.queue.flush(2_000)
    await this.detach(true)
    await this.link.stop()
    await this.readersStopped
    this.dispose()
  }

  /**
   * What a crash leaves behind: nothing released, nothing flushed, the connection dropped. The
   * other members find out only as the leases and the membership expire.
   */
  async abandon(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    await this.detach(false)
    await this.link.stop()
    await this.readersStopped
    this.dispose()
  }

  status(): ClusterStatus & { enabled: true } {
    const leases = this.leases()
    return {
      enabled: true,
      node: this.name,
      role: this.role,
      connected: this.link.connected,
      members: membersView(this.membership.members(), leases),
      leases,
    }
  }

  holderOf(sourceId: string): string | null {
    return this.leases()[sourceId] ?? null
  }

  setSources(sourceIds: readonly string[]): void {
    this.keeper?.setWanted(sourceIds)
  }

  heldSources(): string[] {
    return this.keeper?.heldSources() ?? []
  }

  /** Batched with the other events of its source and type of this turn (event-batcher.ts). */
  publishEvent(event: ClusterEventDraft): boolean {
    const stamp = this.keeper?.stamp(event.sourceId)
    if (!stamp) return false
    return this.batcher.add(event, { node: this.name, ...stamp })
  }

  publishNotification(draft: ClusterNotificationDraft): string {
    const notification = this.notifications.stamp(draft)
    this.enqueue(notificationMessage(notification))
    return notification.key
  }

  isRead(key: string, firedAt: number): boolean {
    return this.readState.isRead(key, firedAt)
  }

  async markRead(change: ReadChange): Promise<void> {
    if ('key' in change && !notificationKeySchema.safeParse(change.key).success)
      throw new VigilError('invalid-argument', `"${change.key}" is not a notification key`)
    if (!this.link.connected || !this.attached)
      throw new VigilError('unavailable', 'the cluster is unreachable: read state waits for it')
    await this.readState.mark(change)
  }

  configJoin(): ConfigJoin | null {
    return this.join
  }

  diagnostics(): ClusterDiagnostics {
    const { buffered, dropped, oversized } = this.queue.stats()
    const feed = this.events.stats()
    return {
      buffered: { ...buffered, messages: buffered.messages + this.batcher.pendingMessages() },
      dropped: { ...dropped, events: this.queue.eventsDropped() },
      oversized: oversized + this.batcher.oversizedCount(),
      fenced: feed.fenced,
      duplicates: feed.duplicates,
      malformed: feed.malformed + this.notifications.malformed,
    }
  }

  /** Anything but an event: the events of this turn go first, so the stream keeps the order. */
  private enqueue(message: OutgoingMessage): void {
    this.batcher.flush()
    this.queue.enqueue(message)
  }

  private leases(): Record<string, string> {
    return leasesView(this.table.holders(), this.name, this.keeper ? this.heldSources() : null)
  }

  /** Everything that needs the server, on the first connection (again if it failed half-way). */
  private attach(): Promise<void> {
    this.attaching ??= this.doAttach().finally(() => {
      this.attaching = null
    })
    return this.attaching
  }

  private async doAttach(): Promise<void> {
    const nc = this.link.connection
    if (this.attached || this.stopped || !nc) return
    try {
      const handles = await openCluster(
        nc,
        this.limits,
        this.options.settings.retention,
        this.logger,
      )
      if (this.stopped) return
      await this.joinConfig(handles)
      await this.membership.attach(handles.members, handles.memberTtlMs)
      await this.table.attach(handles.leases)
      this.keeper?.attach(handles.leases, handles.leaseTtlMs)
      await this.readState.attach(handles.readState)
      this.queue.attach(nc, handles.js)
      await this.startReaders(handles)
      this.attached = true
      this.whenAttached()
      this.logger.info(`cluster: "${this.name}" joined as a ${this.role}`)
    } catch (error) {
      this.logger.error(`cluster: joining failed: ${errorText(error)}; trying again on reconnect`)
      await this.detach(false)
    }
  }

  private async joinConfig(handles: ClusterHandles): Promise<void> {
    const join = await joinClusterConfig(this.config, handles.config, {
      local: this.options.localConfig(),
      seed: this.options.settings.seed,
    })
    this.join = join
    const quiet = join.kind === 'seeded' || (join.kind === 'adopted' && !join.differs)
    if (quiet) this.logger.info(`cluster: ${join.message}`)
    else this.logger.warn(`cluster: ${join.message}`)
    this.joined.fire(join)
  }

  private async startReaders(handles: ClusterHandles): Promise<void> {
    const common = {
      clock: this.clock,
      logger: this.logger,
      isConnected: () => this.link.connected,
    }
    const events = new StreamReader({
      ...common,
      stream: EVENTS_STREAM,
      durable: durableName(this.name, 'events'),
      inactiveMs: this.limits.eventsMaxAgeMs,
      ...(this.options.catchUpFrom !== undefined ? { startTime: this.options.catchUpFrom } : {}),
      onMessage: this.events.accept,
    })
    const notifications = new StreamReader({
      ...common,
      stream: NOTIFICATIONS_STREAM,
      durable: durableName(this.name, 'notifications'),
      inactiveMs: this.limits.notificationsMaxAgeMs,
      onMessage: this.notifications.accept,
    })
    this.readers = [events, notifications]
    await Promise.all(this.readers.map((reader) => reader.start(handles.js, handles.jsm)))
  }

  private async detach(leave: boolean): Promise<void> {
    this.attached = false
    this.keeper?.detach()
    this.queue.detach()
    // Not awaited here: a reader may be waiting on a request that only closing the connection
    // ends (while NATS is away). stop() and abandon() wait for them after closing it.
    this.readersStopped = Promise.all(this.readers.map((reader) => reader.stop())).then(() => {})
    this.readers = []
    this.table.detach()
    this.readState.detach()
    this.config.detach()
    await this.membership.detach(leave)
  }

  private dispose(): void {
    this.keeper?.dispose()
    this.table.dispose()
    this.membership.dispose()
    this.events.dispose()
    this.notifications.dispose()
    this.readState.dispose()
    this.config.dispose()
    this.queue.dispose()
    this.joined.dispose()
    this.membersChanged.dispose()
  }
}
