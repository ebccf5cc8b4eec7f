/**
 * A source's own account of its connection life: the last TIMELINE_LENGTH state changes with
 * their reasons (`source:timeline`), and the two counts that follow from them. `reconnects`
 * counts the times the source was open again after going down, so one outage counts one however
 * many tries it took; `attempts` counts the tries made while down. Kept apart from the session's
 * state machine, which tells it what happened; nothing here runs per frame.
 */

import type { SourceCounters, SourceError, SourceState } from '../../../shared/domain'
import {
  TIMELINE_LENGTH,
  type SourceTimelineEntry,
  type SourceTimelineReason,
} from '../../../shared/source-timeline'
import { RingBuffer } from '../events/ring-buffer'

/** Error texts in the timeline are clipped: a close reason or a server's words may be long. */
const MAX_ERROR_CHARS = 500

export interface TimelineFacts {
  attempt: number
  nextRetryAt: number | null
  error: Pick<SourceError, 'kind' | 'message'> | null
}

export class SourceTimeline {
  private readonly entries = new RingBuffer<SourceTimelineEntry>(TIMELINE_LENGTH)
  /** Down after a drop, until open again or closed by the user. */
  private down = false

  constructor(private readonly counters: SourceCounters) {}

  /** The source moved to `state` for `reason`. */
  changed(
    at: number,
    state: SourceState,
    reason: SourceTimelineReason,
    facts: TimelineFacts,
  ): void {
    const error = facts.error && {
      kind: facts.error.kind,
      message:
        facts.error.message.length > MAX_ERROR_CHARS
          ? `${facts.error.message.slice(0, MAX_ERROR_CHARS)}…`
          : facts.error.message,
    }
    this.entries.push({
      at,
      state,
      reason,
      attempt: facts.attempt,
      error,
      nextRetryAt: facts.nextRetryAt,
    })
  }

  /** A connection attempt starts: one more try, if the source is down. */
  dialing(): void {
    if (this.down) this.counters.attempts++
  }

  /** The connection ended (or the attempt failed) and a retry is scheduled. */
  dropped(): void {
    this.down = true
  }

  /** Open (and logged in): a reconnection, if the source was down. */
  opened(): void {
    if (this.down) this.counters.reconnects++
    this.down = false
  }

  /** Closed by the user: what follows is a new start, not a reconnection. */
  closed(): void {
    this.down = false
  }

  /** Newest first. */
  list(): SourceTimelineEntry[] {
    return this.entries.newest(TIMELINE_LENGTH)
  }
}
