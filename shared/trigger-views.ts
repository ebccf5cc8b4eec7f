/** What the engine reports about triggers and their notifications, over the contract and REST. */

import type { LeafVerdict } from './conditions/compile'
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
  outcome: 'fired' | 'suppressed'
  reason?: SuppressionReason
  /** The first notification's title as it would have read. */
  title?: string
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
}

/** The `sound:play` push: the UI plays the named built-in sound. */
export interface SoundCue {
  sound: SoundName
  triggerId: string
  eventId: number
}

export interface NotificationListQuery {
  limit?: number
  /** Only notifications with an id below this (paging, newest first). */
  beforeId?: number
  triggerId?: string
  sourceId?: string
  unreadOnly?: boolean
}
