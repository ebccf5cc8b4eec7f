/**
 * One trigger against one event, and what a match leads to. trigger-batch.ts walks the events of
 * a socket read over their candidate triggers and calls `evaluate` (or `check`, for triggers
 * looked up by value) for each pair, then `matched` for each match, in order: the condition's
 * test with the counters, `changed` memory and near-misses it keeps, then, for the rare match,
 * noise control and a firing or a recorded suppression, queued for the action runner. Triggers
 * that fire on time (an absence's silence, a single shot's deadline) come here from their timers,
 * which this owns (trigger-timers.ts).
 */

import type { KeptEvent } from '../events/kept-event'
import type { TriggerFiring, VigilEvent } from '../../../shared/domain'
import type { AbsenceScope } from '../../../shared/templates'
import type { Clock } from '../util/clock'
import type { Logger } from '../util/logger'
import type { ActionRunner, FiringContext } from './action-runner'
import { standInEvent } from './compiled-trigger'
import type { BatchTarget } from './trigger-batch'
import type { Runtime } from './trigger-runtime'
import type { RestTest } from './value-index'
import { TriggerTimers, type TimerTarget } from './trigger-timers'

export class TriggerEvaluator implements BatchTarget, TimerTarget {
  /** Absence and deadline timers, armed as triggers come and go. */
  readonly timers: TriggerTimers
  private disposed = false

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly runner: ActionRunner,
  ) {
    this.timers = new TriggerTimers(clock, this)
  }

  // ---- BatchTarget: the hot path --------------------------------------------------------------

  /**
   * One trigger (that listens to the event's source and type) against one event of `bytes` (its
   * frame's size, for the near-miss budget): counts it, tests the condition, remembers it for
   * `changed` and as a near-miss. True on a match, which the caller hands to `matched`.
   */
  evaluate(runtime: Runtime, event: VigilEvent, bytes: number, kept: KeptEvent = event): boolean {
    runtime.counters.evaluated++
    // The condition is called here rather than through `test`: one call less per trigger and
    // event, the commonest pair on the hot path (what `test` does, inline).
    const condition = runtime.compiled.condition
    let matched: boolean
    try {
      matched = condition.test(event)
    } catch (error) {
      this.failed(runtime, error)
      return false
    }
    if (!condition.stateful) {
      if (!matched) runtime.nearMisses.record(kept, undefined, bytes)
      return matched
    }
    // `commit` answers what `changed` leaves compared with, so a near-miss can be explained later.
    const snapshot = condition.commit(event)
    if (!matched) runtime.nearMisses.record(kept, snapshot, bytes)
    return matched
  }

  /** `evaluate` over a run of the batch's events (see BatchTarget): the same steps, per event. */
  evaluateRun(
    runtime: Runtime,
    events: readonly VigilEvent[],
    indices: readonly number[],
    sizes: readonly number[],
    hits: number[],
    kept: readonly KeptEvent[] = events,
  ): number {
    const { counters, nearMisses } = runtime
    const condition = runtime.compiled.condition
    const stateful = condition.stateful
    let found = 0
    for (let k = 0; k < indices.length; k++) {
      const at = indices[k]!
      const event = events[at]!
      counters.evaluated++
      let matched: boolean
      try {
        matched = condition.test(event)
      } catch (error) {
        this.failed(runtime, error)
        continue
      }
      if (matched) hits[found++] = at
      const snapshot = stateful ? condition.commit(event) : undefined
      if (!matched) nearMisses.record(kept[at]!, snapshot, sizes[at] ?? 0)
    }
    return found
  }

  /**
   * A trigger looked up by value, tested by what is left of its condition (`rest`): its index
   * counts it and keeps its near-misses.
   */
  check(runtime: Runtime, rest: RestTest, event: VigilEvent): boolean {
    try {
      return rest(event)
    } catch (error) {
      this.failed(runtime, error)
      return false
    }
  }

  /**
   * The rare path: a match goes through noise control, then fires or is recorded suppressed. An
   * absence trigger's match fires nothing: it ends the silence.
   */
  matched(runtime: Runtime, event: VigilEvent): void {
    runtime.counters.matched++
    if (runtime.compiled.config.mode === 'absence') return runtime.silence?.seen(event)
    this.decide(runtime, event)
  }

  // ---- TimerTarget: triggers that fire on time ------------------------------------------------

  /** An absence trigger's silence lasted its seconds: it fires as a match would (noise control). */
  silence(runtime: Runtime, lastMatch: VigilEvent | undefined, scope: AbsenceScope): void {
    const event = lastMatch ?? standInEvent(runtime.compiled, this.clock.now())
    this.decide(runtime, event, { absence: scope })
    // No event was evaluated, yet its counters changed.
    runtime.savedEvaluated = -1
  }

  expire(runtime: Runtime, deadline: number): void {
    this.runner.expire(runtime.compiled, new Date(deadline).toISOString(), this.clock.now())
  }

  settled(runtime: Runtime): void {
    runtime.savedEvaluated = -1
  }

  /** Stops every timer (digests and deadlines); nothing fires after this. */
  dispose(runtimes: Iterable<Runtime>): void {
    this.disposed = true
    for (const runtime of runtimes) this.clock.clearTimeout(runtime.digestTimer)
    this.timers.dispose()
  }

  private failed(runtime: Runtime, error: unknown): void {
    // Conditions are written not to throw; if one does, it fails this event, not the stream.
    const { name } = runtime.compiled.config
    this.logger.error(`trigger "${name}" failed on an event: ${String(error)}`)
  }

  private decide(runtime: Runtime, event: VigilEvent, context: FiringContext = {}): void {
    const { compiled, counters } = runtime
    const now = this.clock.now()
    const reason = runtime.noise.decide(event, now)
    if (reason === null) {
      counters.fired++
      counters.lastFiredAt = now
      if (runtime.expiry) {
        context.deadline = new Date(runtime.expiry.deadline).toISOString()
        this.timers.fired(runtime, now)
      }
      this.runner.fire(compiled, event, now, context)
    } else {
      counters.suppressed[reason] = (counters.suppressed[reason] ?? 0) + 1
      const firing: TriggerFiring = {
        triggerId: compiled.config.id,
        eventId: event.id,
        sourceId: event.sourceId,
        at: now,
        outcome: 'suppressed',
        reason,
      }
      this.runner.record(firing)
      if (reason === 'rate-limit' && runtime.digestTimer === undefined) this.scheduleDigest(runtime)
    }
    if (runtime.noise.digests.length > 0) this.sendDigests(runtime)
  }

  private scheduleDigest(runtime: Runtime): void {
    const due = runtime.noise.digestDueAt()
    if (due === null) return
    runtime.digestTimer = this.clock.setTimeout(
      () => {
        runtime.digestTimer = undefined
        runtime.noise.roll(this.clock.now())
        this.sendDigests(runtime)
        // A late timer may find a newer window already holding matches back.
        if (!this.disposed) this.scheduleDigest(runtime)
      },
      Math.max(0, due - this.clock.now()),
    )
  }

  private sendDigests(runtime: Runtime): void {
    const now = this.clock.now()
    for (const digest of runtime.noise.takeDigests())
      this.runner.digest(runtime.compiled, digest, now)
  }
}
