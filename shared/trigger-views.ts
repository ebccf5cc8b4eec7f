/** What the engine reports about triggers and their notifications, over the contract and REST. */

import type { LeafVerdict } from './conditions/compile'
import type { ConditionLeaf, Operator } from './conditions/schema'
import type { SuppressionReason, TriggerCounters } from './domain'
import type { SoundName, TriggerConfig } from './trigger-config'

export type { LeafVerdict } from './conditions/compile'

/** An action that failed after its retries (a webhook that kept failing, a send on a closed source). */
export interface ActionFailure {
  action: 'notify' | 'sound' | 'webhook' | 'send' | 'log'
  /** Index of the action in the trigger's `actions`. */
  index: number
  message: string
  at: number
}

/** A trigger as configured, with its running numbers and state. */
export type TriggerView = TriggerConfig & {
  counters: TriggerCounters
  /** A single-shot trigger that has fired and now waits to be saved again. */
  spent: boolean
  actionFailures: number
  lastActionFailure: ActionFailure | null
  /** Mode `absence` only: whether its silence is being timed, and since when. */
  silence?: SilenceState
  /** A single shot with `deadline` or `expireAfterSeconds`: when it expires, and if it did. */
  expiry?: ExpiryState
}

/**
 * An absence trigger's watch. The silence is timed only while all its sources are open (a source
 * down is the outage alert's business); it starts afresh each time they are all open again.
 */
export interface SilenceState {
  /** True while its sources are all open, so the silence is being timed. */
  watching: boolean
  /** When the current silence began (the last match, or when watching began); null if not watching. */
  since: number | null
  /** When it fires unless a match comes first; null when not watching or already fired for this silence. */
  firesAt: number | null
  /** The last matching event's time, since Vigil started; null when none came. */
  lastSeenAt: number | null
}

/** A single shot's deadline (the absolute one, or armed time + `expireAfterSeconds`). */
export interface ExpiryState {
  /** Epoch ms. */
  deadline: number
  /** When it expired unmet (and `onExpire` fired); null when it has not (yet), or fired in time. */
  expiredAt: number | null
}

/**
 * "Why didn't it fire", per condition leaf over a set of events (a trigger's near-misses, or a
 * backtest's scanned events): how often it failed, and what the field held instead, most frequent
 * first. "state equals ajar: failed 100 %; seen open 52 %, closed 48 %" is `failed / events` and
 * each `seen[i].count / failed`.
 */
export interface ConditionSummary {
  /** Events the summary covers. */
  events: number
  /** Every leaf of the condition, in the order they appear in it (none when `events` is 0). */
  leaves: LeafSummary[]
}

export interface LeafSummary {
  /** Where the leaf sits in the trigger, e.g. `condition.all.1`. */
  path: string
  field: string
  op: Operator
  value?: ConditionLeaf['value']
  /** Of `events`, how many this leaf failed (each leaf is judged on every event). */
  failed: number
  /**
   * What the field held on the events it failed, most frequent first, at most SUMMARY_VALUES
   * (the value as `LeafVerdict.seen` shows it; `missing: true` when the field was absent).
   */
  seen: SeenValue[]
  /** Failed events whose value is not listed in `seen` (rarer values beyond the first ones). */
  otherFailed: number
}

export interface SeenValue {
  value?: unknown
  missing?: true
  count: number
}

/** How many values a leaf summary lists. */
export const SUMMARY_VALUES = 10

/** `trigger:near-miss-report`, `GET /api/triggers/:id/near-misses`: the misses and their summary. */
export interface NearMissReport {
  nearMisses: NearMiss[]
  /** Over the same events as `nearMisses`. */
  summary: ConditionSummary
}

/** An event of a trigger's types that failed its condition, and the leaf that failed. */
export interface NearMiss {
  eventId: number
  sourceId: string
  type: string
  receivedAt: number
  failing: LeafVerdict | null
}

export interface BacktestMatch {
  eventId: number
  sourceId: string
  type: string
  receivedAt: number
  /** `seen`: an absence trigger's match, which fires nothing but ends (and re-arms) a silence. */
  outcome: 'fired' | 'suppressed' | 'seen'
  reason?: SuppressionReason
  /** The first notification's title as it would have read. */
  title?: string
}

/** A silence longer than an absence trigger's `absence.seconds` in the scanned window. */
export interface BacktestAbsence {
  /** When the silence began: a match, or the start of the scanned window. */
  from: number
  /** When the trigger would have fired (`from` + its seconds). */
  firesAt: number
  /** The match that ended the silence; null when it lasts to the end of the backtest. */
  endedAt: number | null
  outcome: 'fired' | 'suppressed'
  reason?: SuppressionReason
  title?: string
}

/** Options of `trigger:backtest` (and the REST body's keys beside `trigger` and `limit`). */
export interface BacktestOptions {
  /**
   * Leaves snooze and quiet hours out, so a snoozed trigger's backtest still shows whether and how
   * often it matches; the rest of noise control (dedupe, cooldown, rate limit) still applies.
   */
  ignoreSnoozeAndQuietHours?: boolean
}

/**
 * Notifications an hour if the scanned window's rate went on: the matches an hour over the
 * window's span, less the share dedupe suppressed, at most what cooldown and the rate limit let
 * through (plus a digest a minute when the rate limit holds matches back), times the notify
 * actions a firing runs. Snooze and quiet hours are left out: a flood at noon is a flood.
 */
export interface FloodPrediction {
  /** Scanned events and matches, and the time from the oldest to the newest of them (ms). */
  events: number
  matched: number
  spanMs: number
  /** Matches an hour at that rate (or, for an absence trigger, silences that fired). */
  matchesPerHour: number
  /** What cooldown and the rate limit let through an hour at most; null when neither is set. */
  limitPerHour: number | null
}

export interface BacktestMiss {
  eventId: number
  sourceId: string
  type: string
  receivedAt: number
  /** Every leaf's verdict and the value it saw. */
  leaves: LeafVerdict[]
  failing: LeafVerdict | null
}

export interface BacktestReport {
  /** Recent events of the trigger's sources and types that the backtest ran over. */
  scanned: number
  /** Oldest and newest event time scanned (null when there were none). */
  from: number | null
  to: number | null
  matched: number
  /** Matches that would have run the actions after noise control. */
  fired: number
  suppressed: Partial<Record<SuppressionReason, number>>
  /** Notifications the user would have seen: one per notify action per firing, plus digests. */
  notifications: number
  digests: number
  /** Matches, newest first (at most 100). */
  matches: BacktestMatch[]
  /** A sample of non-matching events, newest first (at most 20). */
  misses: BacktestMiss[]
  /** Per condition leaf over every scanned event: how often it failed and what was seen instead. */
  summary: ConditionSummary
  /**
   * Notifications an hour at the recent rate (see FloodPrediction; rounded to 0.1); null when the
   * window says nothing of a rate (fewer than 2 scanned events, or no time between them).
   */
  predictedPerHour: number | null
  prediction: FloodPrediction
  /** Absence triggers: the silences that would have fired, newest first (at most 100). */
  absences?: BacktestAbsence[]
  /**
   * Single shots with a deadline: where it falls (armed at the start of the window for
   * `expireAfterSeconds`) and whether `onExpire` would have fired (nothing fired before it, and it
   * is not after the end of the backtest).
   */
  expiry?: { deadline: number; expired: boolean; title?: string }
}

/** The `sound:play` push: the UI plays the named built-in sound. */
export interface SoundCue {
  sound: SoundName
  triggerId: string
  eventId: number
}

/** `notification:unread-count`'s filter: every notification, or a trigger's, or a source's. */
export interface UnreadCountQuery {
  triggerId?: string
  sourceId?: string
}

export interface NotificationListQuery {
  limit?: number
  /** Only notifications with an id below this (paging, newest first). */
  beforeId?: number
  triggerId?: string
  sourceId?: string
  unreadOnly?: boolean
}
