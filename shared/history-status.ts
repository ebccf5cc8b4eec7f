/**
 * Whether history is keeping up: what the UI's banner, `GET /api/health` and the `vigil` events
 * `history-failing` / `history-recovered` report. See docs/user-guide.md, "When history cannot
 * keep up".
 */

/**
 * Why an event Vigil received is not in history:
 * - `disk-full`: the disk holding history (or the file system's quota) had no room;
 * - `write-error`: SQLite refused a write for another reason (an I/O error, a file locked by
 *   another program for longer than the busy timeout, a value that could not be encoded);
 * - `behind`: events came faster than the disk took them and `preferences.history.whenBehind`
 *   is `skip-history` (or, with `slow-sources`, a backlog twice its budget, which only a source
 *   that cannot be slowed reaches).
 */
export type NotStoredReason = 'disk-full' | 'write-error' | 'behind'

export const NOT_STORED_REASONS: readonly NotStoredReason[] = ['disk-full', 'write-error', 'behind']

/** A reason history is failing (an episode lasts until a write succeeds again). */
export type HistoryFailure = Exclude<NotStoredReason, 'behind'>

export interface HistoryError {
  reason: HistoryFailure
  /** What SQLite said, e.g. "database or disk is full" (never a path or a payload). */
  message: string
  at: number
}

/**
 * - `ok`: events are being stored;
 * - `behind`: the backlog is over its budget: sources are being slowed, or (with `skip-history`)
 *   events skipped, until it drains to half;
 * - `failing`: writes fail (see `lastError`); events are counted, not stored, and history tries
 *   again with growing pauses until a write succeeds.
 */
export type HistoryState = 'ok' | 'behind' | 'failing'

export interface HistoryStatus {
  state: HistoryState
  /** Events committed to history since Vigil started. */
  stored: number
  /** Events received since Vigil started that are not in history, in all and by reason. */
  notStored: number
  notStoredByReason: Partial<Record<NotStoredReason, number>>
  /** Bytes of frames (as received) waiting for the disk or being written. */
  backlogBytes: number
  /** The last failure; it stays after a recovery, as a record (`state` says whether it is over). */
  lastError: HistoryError | null
  /** When the current `failing` episode began; null otherwise. */
  failingSince: number | null
}

/** Payload of the `vigil` event `history-failing`. */
export interface HistoryFailingPayload {
  reason: HistoryFailure
  message: string
  since: number
}

/** Payload of the `vigil` event `history-recovered`. */
export interface HistoryRecoveredPayload {
  reason: HistoryFailure
  since: number
  /** Events not stored during the episode. */
  notStored: number
}
