/**
 * A source's timeline: its last state changes, each with when and why. The engine keeps the newest
 * TIMELINE_LENGTH per source in memory (not across restarts); `source:timeline` and
 * `GET /api/sources/:id/timeline` answer them newest first.
 */

import type { SourceErrorKind, SourceState } from './domain'

/** How many state changes a source keeps. */
export const TIMELINE_LENGTH = 50

/**
 * What moved the source into its state:
 * - `start`: the engine started it (app start, the source added or enabled);
 * - `connect`: the user connected it (`source:connect`, Resume all);
 * - `retry`: the user asked to retry now (`source:retry`);
 * - `retry-due`: an automatic retry came due;
 * - `edit`: its settings changed and it reconnected with the new ones;
 * - `rollback`: new settings did not open, so it went back to the old ones;
 * - `secret`: a secret it uses was stored, so it tried again at once;
 * - `login-sent`: the socket opened and the login message went out;
 * - `opened`: open (and logged in);
 * - `ended`: the connection ended, or the attempt failed (`error` says why);
 * - `dead-channel`: down longer than `watchdog.deadChannelMs`;
 * - `disconnect`: the user closed it (`source:disconnect`, Pause all);
 * - `disable`: its settings were saved with `enabled: false`.
 */
export type SourceTimelineReason =
  | 'start'
  | 'connect'
  | 'retry'
  | 'retry-due'
  | 'edit'
  | 'rollback'
  | 'secret'
  | 'login-sent'
  | 'opened'
  | 'ended'
  | 'dead-channel'
  | 'disconnect'
  | 'disable'

export interface SourceTimelineEntry {
  /** When (epoch ms). */
  at: number
  state: SourceState
  reason: SourceTimelineReason
  /** The attempt number while the source is down (connecting again, reconnecting, stale, failed); else 0. */
  attempt: number
  /** The error that ended the connection (`ended`, `dead-channel`), in plain words; else null. */
  error: { kind: SourceErrorKind; message: string } | null
  /** When the next try is due (reconnecting, stale, failed), else null. */
  nextRetryAt: number | null
}
