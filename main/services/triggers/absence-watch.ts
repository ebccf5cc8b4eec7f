/**
 * One absence trigger's silence: fires when no match has come for `seconds` while its sources
 * are open, once per silence, and again after a match re-arms it.
 *
 * A match is on the hot path, so it only notes the time: the timer is not moved per event. When
 * it falls due it looks at the last match and, if one came meanwhile, sleeps until the new end of
 * the silence. So a stream of heartbeats costs two assignments each, and one timer per silence.
 */

import type { VigilEvent } from '../../../shared/domain'
import type { AbsenceScope } from '../../../shared/templates'
import type { SilenceState } from '../../../shared/trigger-views'
import type { Clock, TimerHandle } from '../util/clock'

export class AbsenceWatch {
  private watching = false
  /** When the current silence began; meaningful while watching. */
  private since = 0
  private fired = false
  private lastMatch: VigilEvent | undefined
  private timer: TimerHandle | undefined
  private readonly silenceMs: number

  constructor(
    private readonly seconds: number,
    private readonly clock: Clock,
    /** The silence has lasted `seconds`: fire, with the last match before it (if any). */
    private readonly onSilence: (lastMatch: VigilEvent | undefined, scope: AbsenceScope) => void,
  ) {
    this.silenceMs = seconds * 1000
  }

  /** Whether its sources are all open: the silence is timed only then, afresh each time. */
  setOpen(open: boolean): void {
    if (open === this.watching) return
    this.watching = open
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
    if (!open) return
    this.since = this.clock.now()
    this.fired = false
    this.schedule()
  }

  /** A matching event: the silence ends, and the trigger is armed for the next one. */
  seen(event: VigilEvent): void {
    this.lastMatch = event
    if (!this.watching) return
    // An event read before the watch began (evaluated in the same batch) does not shorten it.
    this.since = Math.max(this.since, event.receivedAt)
    this.fired = false
    if (this.timer === undefined) this.schedule()
  }

  state(): SilenceState {
    const watching = this.watching
    return {
      watching,
      since: watching ? this.since : null,
      firesAt: watching && !this.fired ? this.since + this.silenceMs : null,
      lastSeenAt: this.lastMatch?.receivedAt ?? null,
    }
  }

  dispose(): void {
    this.watching = false
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule(): void {
    const wait = Math.max(0, this.since + this.silenceMs - this.clock.now())
    this.timer = this.clock.setTimeout(() => this.due(), wait)
  }

  private due(): void {
    this.timer = undefined
    if (!this.watching || this.fired) return
    // A match meanwhile moved the end of the silence on.
    if (this.clock.now() < this.since + this.silenceMs) return this.schedule()
    this.fired = true
    this.onSilence(this.lastMatch, absenceScope(this.seconds, this.since, this.lastMatch))
  }
}

/** What `{{absence.…}}` reads for a silence (times as ISO text in UTC). */
export function absenceScope(
  seconds: number,
  since: number,
  lastMatch: VigilEvent | undefined,
): AbsenceScope {
  return {
    seconds,
    lastSeenAt: lastMatch ? new Date(lastMatch.receivedAt).toISOString() : '',
    since: new Date(since).toISOString(),
  }
}
