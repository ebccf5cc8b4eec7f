/**
 * The triggers that fire on time rather than on an event: absence triggers (absence-watch.ts),
 * timed only while their sources are all open, and single shots with a deadline
 * (expiry-watch.ts). This keeps which sources are open, arms and disarms the watches as triggers
 * come and go, and decides what a deadline means at arming:
 *
 * - `expireAfterSeconds` counts from arming: a save (the caller re-arms), a new or edited
 *   trigger, or start-up. So a restart starts it afresh, as it re-arms any single shot.
 * - A fixed `deadline` is settled once, fired in time or expired, and that is kept in the
 *   trigger's stored counters (`deadlineOutcome`): one settled in an earlier run stays settled
 *   (the shot stays spent until saved again), and one that passed unsettled, while Vigil was not
 *   running, expires once, as soon as the trigger is armed.
 */

import type { SourceState, VigilEvent } from '../../../shared/domain'
import type { AbsenceScope } from '../../../shared/templates'
import { VIGIL_SOURCE_ID } from '../../../shared/source-ids'
import type { Clock } from '../util/clock'
import { AbsenceWatch } from './absence-watch'
import { deadlineOf } from './compiled-trigger'
import { ExpiryWatch } from './expiry-watch'
import type { Runtime } from './trigger-runtime'

export interface TimerTarget {
  /** An absence trigger's silence has lasted its seconds. */
  silence(runtime: Runtime, lastMatch: VigilEvent | undefined, scope: AbsenceScope): void
  /** A single shot's deadline passed unmet (it is spent already). */
  expire(runtime: Runtime, deadline: number): void
  /** A runtime's stored counters changed outside evaluation (a deadline was settled). */
  settled(runtime: Runtime): void
}

/** States in which a source is not expected to deliver: disabled, or closed by the user. */
const INACTIVE: ReadonlySet<SourceState> = new Set(['idle', 'closed'])

export class TriggerTimers {
  private readonly states = new Map<string, SourceState>()
  private runtimes: readonly Runtime[] = []
  private absences: Runtime[] = []

  constructor(
    private readonly clock: Clock,
    private readonly target: TimerTarget,
  ) {}

  /** `next` replaces `previous`: runtimes new in it are armed, those gone from it disarmed. */
  adopt(next: readonly Runtime[], previous: Iterable<Runtime>): void {
    const kept = new Set(next)
    const before = new Set(previous)
    for (const runtime of before) if (!kept.has(runtime)) release(runtime)
    for (const runtime of next) if (!before.has(runtime)) this.watch(runtime)
    this.runtimes = next
    this.absences = next.filter((runtime) => runtime.silence !== undefined)
  }

  /** A user saved the trigger: a single shot's deadline counts again from now. */
  rearm(runtime: Runtime): void {
    if (runtime.expiry === undefined) return
    runtime.expiry.stop()
    const outcome = runtime.counters.deadlineOutcome
    if (outcome !== undefined) {
      delete runtime.counters.deadlineOutcome
      this.target.settled(runtime)
    }
    this.arm(runtime)
  }

  /** A single shot fired: its deadline is met. */
  fired(runtime: Runtime, at: number): void {
    const expiry = runtime.expiry
    if (expiry === undefined) return
    expiry.stop()
    if (isFixed(runtime)) {
      runtime.counters.deadlineOutcome = { deadline: expiry.deadline, outcome: 'fired', at }
      this.target.settled(runtime)
    }
  }

  sourceChanged(id: string, state: SourceState): void {
    if (this.states.get(id) === state) return
    this.states.set(id, state)
    this.update()
  }

  sourceRemoved(id: string): void {
    if (this.states.delete(id)) this.update()
  }

  dispose(): void {
    for (const runtime of this.runtimes) release(runtime)
    this.runtimes = []
    this.absences = []
  }

  private watch(runtime: Runtime): void {
    const { config } = runtime.compiled
    if (!config.enabled) return
    if (config.mode === 'absence' && config.absence) {
      const watch = new AbsenceWatch(config.absence.seconds, this.clock, (lastMatch, scope) =>
        this.target.silence(runtime, lastMatch, scope),
      )
      runtime.silence = watch
      watch.setOpen(this.allOpen(config.sources))
    }
    if (runtime.compiled.expiry !== null) this.arm(runtime)
  }

  private arm(runtime: Runtime): void {
    const deadline = deadlineOf(runtime.compiled, this.clock.now())!
    const expiry = new ExpiryWatch(deadline, this.clock, () => this.due(runtime, expiry))
    runtime.expiry = expiry
    const outcome = runtime.counters.deadlineOutcome
    if (isFixed(runtime) && outcome?.deadline === deadline) {
      // Settled in an earlier run: it stays so.
      runtime.noise.spent = true
      if (outcome.outcome === 'expired') expiry.expiredAt = outcome.at
      return
    }
    expiry.start()
  }

  private due(runtime: Runtime, expiry: ExpiryWatch): void {
    if (runtime.expiry !== expiry || runtime.noise.spent) return
    const now = this.clock.now()
    expiry.expiredAt = now
    runtime.noise.spent = true
    if (isFixed(runtime)) {
      runtime.counters.deadlineOutcome = { deadline: expiry.deadline, outcome: 'expired', at: now }
      this.target.settled(runtime)
    }
    this.target.expire(runtime, expiry.deadline)
  }

  private update(): void {
    for (const runtime of this.absences)
      runtime.silence!.setOpen(this.allOpen(runtime.compiled.config.sources))
  }

  /**
   * Whether a trigger's sources are all open: the named ones (`vigil` always is), or, for every
   * source, those expected to deliver (at least one of them).
   */
  private allOpen(sources: readonly string[]): boolean {
    if (sources.length > 0)
      return sources.every((id) => id === VIGIL_SOURCE_ID || this.states.get(id) === 'open')
    let active = 0
    for (const state of this.states.values()) {
      if (INACTIVE.has(state)) continue
      if (state !== 'open') return false
      active++
    }
    return active > 0
  }
}

/** A fixed `deadline` (rather than one counted from arming). */
function isFixed(runtime: Runtime): boolean {
  const { expiry } = runtime.compiled
  return expiry !== null && 'at' in expiry
}

function release(runtime: Runtime): void {
  runtime.silence?.dispose()
  runtime.expiry?.stop()
}
