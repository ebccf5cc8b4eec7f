/**
 * The seam between the engine and the cluster: what a Vigil host that shares its sources, events,
 * notifications and config with other hosts can ask of and hear from the cluster. The engine
 * depends on this interface only; `NatsClusterNode` (cluster-node.ts) implements it over NATS
 * JetStream. Without a cluster the engine has no `ClusterNode` at all and behaves exactly as a
 * single host.
 *
 * Who does what: every host runs the sources it holds (`onDidChangeLeases`), publishes every event
 * of theirs (`publishEvent`) and every firing of its triggers (`publishNotification`), and shows
 * and stores what the others publish (`onDidReceiveRemoteEvent`, `onDidReceiveNotification`).
 * Triggers run on the holder only, so each event is evaluated once in the whole cluster.
 */

import type { ClusterMember, ClusterRole, ClusterStatus } from '../../../shared/cluster'
import type { Config } from '../../../shared/config'
import type { Urgency } from '../../../shared/domain'

/** How joining the cluster went for this host's config (config-join.ts decides). */
export type ConfigJoin =
  /** The cluster's config is the one to run; `differs` if this host's own was not the same. */
  | { kind: 'adopted'; revision: number; differs: boolean; message: string }
  /** The cluster had none, and this host's was pushed (`--cluster-seed`). */
  | { kind: 'seeded'; revision: number; message: string }
  /** The cluster has none, and this host runs its own without sharing it. */
  | { kind: 'empty'; message: string }
  /** The cluster's config cannot be read by this Vigil: this host keeps its own, unshared. */
  | { kind: 'unreadable'; revision: number; message: string }

export type { ClusterMember, ClusterRole, ClusterStatus }

/** A `onDidX` subscription: call the returned function to stop listening. */
export type ClusterEvent<T> = (listener: (value: T) => void) => () => void

/** An event its holder ingested, as published to the other hosts. */
export interface ClusterEventDraft {
  sourceId: string
  type: string
  receivedAt: number
  payload: unknown
}

/** An event another host's holder published. */
export interface RemoteEvent extends ClusterEventDraft {
  /** The name of the node that ingested it. */
  origin: string
  /** Its share of the message's bytes that carried it, when known: what it weighs here. */
  bytes?: number
}

/** What changed in the sources this node holds; the engine runs exactly `held`. */
export interface LeaseChange {
  held: string[]
  gained: string[]
  /** No longer held: stop ingesting these at once (another member holds them, or will). */
  lost: string[]
}

/** A source changed hands (the `vigil` event `source-moved`); null is "nobody". */
export interface SourceMove {
  sourceId: string
  from: string | null
  to: string | null
}

/** A firing, as published to every host (its holder-local event id means nothing elsewhere). */
export interface ClusterNotificationDraft {
  triggerId: string
  sourceId: string
  title: string
  body: string
  urgency: Urgency
  firedAt: number
}

export interface ClusterNotification extends ClusterNotificationDraft {
  /** Names this firing on every host: the key of its shared read state. */
  key: string
  origin: string
}

/** Shared read state: one notification, or every notification fired up to a time. */
export type ReadChange = { key: string; read: boolean } | { allFiredUpTo: number }

/** The config v1 document as the cluster holds it; `revision` is its version. */
export interface VersionedConfig {
  config: Config
  revision: number
}

export interface ClusterConfigStore {
  /** The last cluster config this node saw, or null before it has seen one (or none exists). */
  current(): VersionedConfig | null
  /**
   * Writes `config` if the cluster's is still at `expectedRevision` (0: the cluster has none yet).
   * Refused with `VigilError('conflict')` when another host wrote first, and
   * `VigilError('unavailable')` while NATS is unreachable. Answers the new revision.
   */
  put(config: Config, expectedRevision: number): Promise<number>
  /** Another host (or this one) changed the cluster's config. */
  readonly onDidChange: ClusterEvent<VersionedConfig>
}

/** Counters for the UI and the logs: what the outage buffer and the readers did. */
export interface ClusterDiagnostics {
  /** Waiting to be published, or awaiting the server's acknowledgement. */
  buffered: { messages: number; bytes: number }
  /** Dropped from the full outage buffer (NATS away): messages, the events in them, bytes. */
  dropped: { messages: number; events: number; bytes: number }
  /** Messages larger than the server accepts, kept local only. */
  oversized: number
  /** Events ignored because a newer lease had begun (fencing). */
  fenced: number
  /** Events dropped as retries or republishes already seen. */
  duplicates: number
  /** Messages on the streams that failed validation. */
  malformed: number
}

export interface ClusterNode {
  readonly name: string
  readonly role: ClusterRole
  /** Connects (in the background if NATS is away: the host works alone meanwhile). */
  start(): Promise<void>
  /** Releases this node's leases, flushes what it can, and disconnects. */
  stop(): Promise<void>
  status(): ClusterStatus & { enabled: true }
  readonly onDidChangeConnection: ClusterEvent<boolean>
  readonly onDidChangeMembers: ClusterEvent<ClusterMember[]>

  /** Which member holds `sourceId`, or null. */
  holderOf(sourceId: string): string | null
  /** The sources the config wants run (enabled ones); members share them out. */
  setSources(sourceIds: readonly string[]): void
  /** The sources this node holds now. */
  heldSources(): string[]
  readonly onDidChangeLeases: ClusterEvent<LeaseChange>
  readonly onDidMoveSource: ClusterEvent<SourceMove>

  /** Publishes an event of a source this node holds (or just held); false if it never held it. */
  publishEvent(event: ClusterEventDraft): boolean
  readonly onDidReceiveRemoteEvent: ClusterEvent<RemoteEvent>
  /**
   * True while NATS is connected and this node's publishing is far behind: the host holds its
   * sources back (as for history) until it catches up, rather than dropping events; false then.
   */
  readonly onDidChangeHold: ClusterEvent<boolean>

  /** Publishes a firing; answers its key (for the shared read state). */
  publishNotification(notification: ClusterNotificationDraft): string
  readonly onDidReceiveNotification: ClusterEvent<ClusterNotification>
  markRead(change: ReadChange): Promise<void>
  /** Whether the shared read state has the notification `key` (fired at `firedAt`) read. */
  isRead(key: string, firedAt: number): boolean
  readonly onDidChangeReadState: ClusterEvent<ReadChange>

  readonly config: ClusterConfigStore
  /** How this node's local config met the cluster's on joining; null until it has joined. */
  configJoin(): ConfigJoin | null
  readonly onDidJoinConfig: ClusterEvent<ConfigJoin>

  diagnostics(): ClusterDiagnostics
}
