/**
 * Makes sure the streams and KV buckets a Vigil cluster needs exist on the server, and opens them.
 * Idempotent, so every node runs it on every (first) connection: the first node creates, the
 * others find. What a bucket was created with wins (every node then reads its TTL from the
 * server), so nodes started with different defaults still agree. The events stream's retention
 * changes only when a node is given one explicitly (`--cluster-retention`, `--cluster-max-bytes`).
 *
 * Server 2.9 (Debian's) has JetStream and KV but not per-key TTLs (2.11): leases and membership
 * expire through their bucket's TTL (the stream's max_age), renewed well inside it.
 */

import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream'
import { Kvm, type KV } from '@nats-io/kv'
import { nanos, type NatsConnection } from '@nats-io/transport-node'
import type { Logger } from '../util/logger'
import type { ClusterRetention } from './cluster-options'
import {
  BUCKETS,
  EVENTS_STREAM,
  EVENTS_SUBJECTS,
  NOTIFICATIONS_STREAM,
  NOTIFICATIONS_SUBJECTS,
} from './cluster-names'

export interface ClusterLimits {
  /**
   * A lease lives this long after its last renewal. With renewals every quarter of it and 1 s
   * scans, a dead holder's sources move within TTL + about 3 s: 11 s for the default 8 s.
   */
  leaseTtlMs: number
  /** A member that stops refreshing its entry leaves the member list after this. */
  memberTtlMs: number
  /** How long the events stream keeps events: a host away longer misses the difference. */
  eventsMaxAgeMs: number
  eventsMaxBytes: number
  notificationsMaxAgeMs: number
  notificationsMaxBytes: number
  /** Republishing the same message id within this window stores nothing (server-side). */
  duplicateWindowMs: number
}

export const DEFAULT_LIMITS: ClusterLimits = {
  leaseTtlMs: 8_000,
  memberTtlMs: 8_000,
  eventsMaxAgeMs: 24 * 3_600_000,
  eventsMaxBytes: 2 ** 30,
  notificationsMaxAgeMs: 30 * 86_400_000,
  notificationsMaxBytes: 256 * 2 ** 20,
  duplicateWindowMs: 120_000,
}

export interface ClusterHandles {
  js: JetStreamClient
  jsm: JetStreamManager
  config: KV
  members: KV
  leases: KV
  readState: KV
  /** As the buckets on the server say (the first node's settings). */
  leaseTtlMs: number
  memberTtlMs: number
}

export async function openCluster(
  nc: NatsConnection,
  limits: ClusterLimits,
  retention: ClusterRetention,
  logger: Logger,
): Promise<ClusterHandles> {
  const jsm = await jetstreamManager(nc)
  const js = jetstream(nc)
  await ensureStream(jsm, logger, retention, {
    name: EVENTS_STREAM,
    subjects: [EVENTS_SUBJECTS],
    max_age: nanos(limits.eventsMaxAgeMs),
    max_bytes: limits.eventsMaxBytes,
    duplicate_window: nanos(Math.min(limits.duplicateWindowMs, limits.eventsMaxAgeMs)),
  })
  // Notifications keep their own 30 days: the retention options are about events.
  await ensureStream(
    jsm,
    logger,
    {},
    {
      name: NOTIFICATIONS_STREAM,
      subjects: [NOTIFICATIONS_SUBJECTS],
      max_age: nanos(limits.notificationsMaxAgeMs),
      max_bytes: limits.notificationsMaxBytes,
      duplicate_window: nanos(Math.min(limits.duplicateWindowMs, limits.notificationsMaxAgeMs)),
    },
  )
  const kvm = new Kvm(js)
  const [config, members, leases, readState] = await Promise.all([
    // A few past versions of the config stay readable on the server, for an operator.
    kvm.create(BUCKETS.config, { history: 5, storage: StorageType.File }),
    kvm.create(BUCKETS.members, { history: 1, ttl: limits.memberTtlMs }),
    kvm.create(BUCKETS.leases, { history: 1, ttl: limits.leaseTtlMs }),
    kvm.create(BUCKETS.readState, { history: 1, ttl: limits.notificationsMaxAgeMs }),
  ])
  const [memberStatus, leaseStatus] = await Promise.all([members.status(), leases.status()])
  return {
    js,
    jsm,
    config,
    members,
    leases,
    readState,
    leaseTtlMs: leaseStatus.ttl || limits.leaseTtlMs,
    memberTtlMs: memberStatus.ttl || limits.memberTtlMs,
  }
}

type StreamShape = Pick<
  StreamConfig,
  'name' | 'subjects' | 'max_age' | 'max_bytes' | 'duplicate_window'
>

async function ensureStream(
  jsm: JetStreamManager,
  logger: Logger,
  retention: ClusterRetention,
  shape: StreamShape,
): Promise<void> {
  const wanted: StreamShape = {
    ...shape,
    ...(retention.maxAgeMs !== undefined ? { max_age: nanos(retention.maxAgeMs) } : {}),
    ...(retention.maxBytes !== undefined ? { max_bytes: retention.maxBytes } : {}),
  }
  const existing = await streamConfig(jsm, shape.name)
  if (!existing) {
    try {
      await jsm.streams.add({
        ...wanted,
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
        num_replicas: 1,
      })
      return
    } catch (error) {
      // Another node created it at the same moment: fine, it is there now.
      if (!(await streamConfig(jsm, shape.name))) throw error
      return
    }
  }
  const changed =
    (retention.maxAgeMs !== undefined && existing.max_age !== wanted.max_age) ||
    (retention.maxBytes !== undefined && existing.max_bytes !== wanted.max_bytes)
  if (!changed) return
  await jsm.streams.update(shape.name, {
    ...existing,
    max_age: wanted.max_age,
    max_bytes: wanted.max_bytes,
    duplicate_window: Math.min(existing.duplicate_window, wanted.max_age),
  })
  logger.info(
    `cluster: ${shape.name} now keeps ${wanted.max_age / 1e9} s and ${wanted.max_bytes} bytes`,
  )
}

async function streamConfig(jsm: JetStreamManager, name: string): Promise<StreamConfig | null> {
  try {
    return (await jsm.streams.info(name)).config
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)
      return null
    throw error
  }
}
