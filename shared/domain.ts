/** Domain types shared by the engine, the transports and the renderer. */

import type { NotStoredReason } from './history-status'
import type { PresetId } from './preset-id'
import type { Issue } from './result'

/** Connection lifecycle of a source; see docs/config.md, "Source states". */
export type SourceState =
  'idle' | 'connecting' | 'authenticating' | 'open' | 'stale' | 'reconnecting' | 'failed' | 'closed'

export const SOURCE_STATES: readonly SourceState[] = [
  'idle',
  'connecting',
  'authenticating',
  'open',
  'stale',
  'reconnecting',
  'failed',
  'closed',
]

/**
 * One event as Vigil sees it. `id` is monotonic for the life of the app run. `payload` keeps the
 * values as received (Census sends every number as a string); conditions coerce where asked to.
 */
export interface VigilEvent {
  id: number
  sourceId: string
  type: string
  receivedAt: number
  payload: unknown
}

/** Why a frame or a connection attempt went wrong; counted per kind on the source. */
export type SourceErrorKind =
  | 'malformed-frame'
  | 'binary-frame'
  | 'oversized-frame'
  | 'server-error'
  | 'handshake'
  | 'auth'
  | 'network'
  | 'timeout'
  | 'send'
  /** The server closed the connection (the message gives its close code and reason). */
  | 'closed'
  /**
   * A ping or application ping went unanswered (the connection was half-open), or was answered
   * with what the service means as "unhealthy".
   */
  | 'keepalive'
  /** Open, but nothing arrived within the watchdog's silence window. */
  | 'silence'
  /** The settings cannot be used as they are (a missing secret, an unreadable CA file). */
  | 'config'
  /** A live settings change did not open and was rolled back. */
  | 'update'

/**
 * What went wrong last on a source. `message` is in plain words ("nothing is listening at
 * 127.0.0.1:18777"); `detail`, when present, is the raw text it was worded from (Node's or the
 * server's: `connect ECONNREFUSED 127.0.0.1:18777`), secrets scrubbed from both.
 */
export interface SourceError {
  kind: SourceErrorKind
  message: string
  at: number
  /** The raw error text the message was worded from; absent when the message is the raw text. */
  detail?: string
  /**
   * When the source was open again after this error (epoch ms): the UI shows the error as
   * resolved. Absent while it is not.
   */
  resolvedAt?: number
}

export interface SourceCounters {
  events: number
  bytes: number
  frames: number
  /**
   * Reconnections that opened: times the source was open again after a connection ended or an
   * attempt failed (one outage, however many tries, counts one).
   */
  reconnects: number
  /**
   * Connection attempts made while the source was down after a drop (automatic retries, Retry
   * now, a new secret), opened or not.
   */
  attempts: number
  errors: number
  errorsByKind: Partial<Record<SourceErrorKind, number>>
  /** Events that fell out of the bounded in-memory buffer (history keeps them). */
  evicted: number
  /** Outgoing messages dropped: the send queue was full, or the connection ended before sending. */
  sendDropped: number
  /** Events a preset's duplicate filter dropped as repeats (Census). */
  duplicates: number
  /** Frames the preset says carry nothing, dropped without an error (NeuroIO's binary frames). */
  ignored: number
  /** Events received that are not in history (history off counts nothing), in all and by reason. */
  notStored: number
  notStoredByReason: Partial<Record<NotStoredReason, number>>
  /**
   * Milliseconds the source's socket was not read because history was behind: the server waited
   * (TCP backpressure) instead of Vigil buffering. Counts the current pause as it goes.
   */
  pausedMs: number
}

/** A source's counters before anything happened: what a new source and a test fixture start from. */
export function emptySourceCounters(): SourceCounters {
  return {
    events: 0,
    bytes: 0,
    frames: 0,
    reconnects: 0,
    attempts: 0,
    errors: 0,
    errorsByKind: {},
    evicted: 0,
    sendDropped: 0,
    duplicates: 0,
    ignored: 0,
    notStored: 0,
    notStoredByReason: {},
    pausedMs: 0,
  }
}

/**
 * A condition the user should know about that is not an error of one frame. Raised and cleared
 * by the preset about the current connection (a subscription the server altered: such notices
 * start afresh with every connection), or by Vigil about the source's settings (`unknown-types`:
 * most recent events have no type at the source's eventTypePath; kept across reconnects, cleared
 * when types come through again or the path changes).
 */
export interface SourceNotice {
  /** Stable id of the condition, e.g. `subscription-mismatch`, `unknown-types`. */
  code: string
  message: string
  /** When it was raised or last changed (epoch ms). */
  at: number
  /** A settings change that would fix it, for a one-click fix (`unknown-types` only). */
  suggestion?: { eventTypePath: string }
}

/** What the UI and REST show of a source: its settings summary, live state and counters. */
export interface SourceView {
  id: string
  name: string
  preset: PresetId
  enabled: boolean
  url: string
  state: SourceState
  /** Reconnect attempt number while `reconnecting`, else 0. */
  attempt: number
  /** When the next connection attempt is due (epoch ms), sent once rather than as a countdown. */
  nextRetryAt: number | null
  /** When the current outage began (epoch ms); null while the source is healthy or closed. */
  downSince: number | null
  counters: SourceCounters
  lastEventAt: number | null
  lastError: SourceError | null
  eventsPerSecond: number
  /** What the preset flags about the current connection (see SourceNotice); usually empty. */
  notices: SourceNotice[]
  /**
   * In a cluster, the member holding the source, null when none does (docs/cluster.md). Set in
   * the answers of the source commands (`source:list` and `GET /api/sources`, save, connect,
   * retry...), always null on a single host; absent from the `source:changed` pushes.
   */
  holder?: string | null
}

/** What `source:send` did with a message: sent now, or queued until authentication completes. */
export interface SendReceipt {
  status: 'sent' | 'queued'
}

/**
 * Vigil's own events, from the built-in source `vigil` (see VIGIL_SOURCE_ID), so triggers can
 * notify on them like on any event: a source down for longer than its dead-channel window, and
 * the same source healthy again; history failing to write (a full disk), and writing again.
 */
export type VigilAlertType =
  | 'source-failed'
  | 'source-recovered'
  | 'history-failing'
  | 'history-recovered'
  /** This host lost, or found again, its NATS server (docs/cluster.md). */
  | 'cluster-disconnected'
  | 'cluster-reconnected'
  /** A source changed hands in the cluster: `{sourceId, from, to}` (node names or null). */
  | 'source-moved'

export interface SourceAlertPayload {
  sourceId: string
  name: string
  state: SourceState
  lastError: SourceError | null
  downSince: number
}

/** The live numbers of one source, sent with each event batch. */
export interface SourceStats {
  id: string
  counters: SourceCounters
  lastEventAt: number | null
  lastError: SourceError | null
  eventsPerSecond: number
}

/**
 * What the renderer receives at most ~20 times a second. When a burst is larger than the batch
 * cap, only the newest events travel and `dropped` says how many older ones were left out (they are
 * still in the engine's buffers and history).
 */
export interface EventBatch {
  events: VigilEvent[]
  dropped: number
  stats: SourceStats[]
}

export interface EventQuery {
  source?: string
  type?: string
  limit?: number
  /** Received at or after this time (epoch ms). */
  from?: number
  /** Received at or before this time (epoch ms). */
  to?: number
  /** Text anywhere in the payload's JSON, case-insensitive for ASCII letters. */
  q?: string
  /** Only events with an id below this: the `next` cursor of the previous page. */
  before?: number
}

export type Urgency = 'low' | 'normal' | 'critical'

/** A notification a trigger fired: what the REST API and the UI list. */
export interface NotificationView {
  id: number
  triggerId: string
  eventId: number
  sourceId: string
  title: string
  body: string
  urgency: Urgency
  firedAt: number
  read: boolean
  /**
   * What raised it, when not one event's match (then absent, and `eventId` is that event):
   * `digest` (the rate limit's count of held-back matches, see `heldBack`; `eventId` is the last
   * of them), `absence` (an absence trigger's silence; `eventId` is the last match before it, or 0
   * when none came), `expired` (a single shot's deadline passed unmet; `eventId` is 0).
   */
  kind?: NotificationKind
  /** A digest's held-back matches: the first MAX_HELD_BACK_IDS event ids, oldest first, and how many there were. */
  heldBack?: HeldBack
}

export type NotificationKind = 'digest' | 'absence' | 'expired'

export interface HeldBack {
  eventIds: number[]
  count: number
}

/** How many held-back event ids a digest notification lists (`count` has them all). */
export const MAX_HELD_BACK_IDS = 50

/** Why a trigger's firing did not become a notification. */
export type SuppressionReason =
  'cooldown' | 'dedupe' | 'rate-limit' | 'quiet-hours' | 'snoozed' | 'single-shot-spent'

/** A trigger's running numbers; kept across restarts. */
export interface TriggerCounters {
  /** Events of its types from its sources that it looked at. */
  evaluated: number
  /** Of those, events its condition accepted. */
  matched: number
  /** Matches that ran its actions. */
  fired: number
  suppressed: Partial<Record<SuppressionReason, number>>
  lastFiredAt: number | null
  /**
   * A single shot with an absolute `deadline`: how that deadline was settled, fired in time or
   * expired (epoch ms). Kept across restarts, so a deadline passed while Vigil was stopped expires
   * once, and one already settled stays so.
   */
  deadlineOutcome?: DeadlineOutcome
}

export interface DeadlineOutcome {
  deadline: number
  outcome: 'fired' | 'expired'
  at: number
}

/** One match of a trigger, fired or suppressed: the audit trail history keeps. */
export interface TriggerFiring {
  triggerId: string
  eventId: number
  sourceId: string
  at: number
  outcome: 'fired' | 'suppressed'
  reason?: SuppressionReason
}

/** A config file that failed validation at start-up, and what Vigil did about it. */
export interface ConfigProblem {
  path: string
  backupPath: string
  issues: Issue[]
  /** True when Vigil started from the last good copy; false when it started empty. */
  recovered: boolean
}

export interface AppInfo {
  name: string
  version: string
  mode: 'electron' | 'headless'
  dataDir: string
  configPath: string
  configProblem: ConfigProblem | null
}
