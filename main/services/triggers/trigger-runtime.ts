/** What the engine keeps per trigger between events: its compiled form, state and numbers. */

import type { TriggerCounters } from '../../../shared/domain'
import type { TriggerConfig } from '../../../shared/trigger-config'
import type { ActionFailure, TriggerView } from '../../../shared/trigger-views'
import type { TimerHandle } from '../util/clock'
import type { AbsenceWatch } from './absence-watch'
import { behaviourKey, compileTrigger, type CompiledTrigger } from './compiled-trigger'
import type { ExpiryWatch } from './expiry-watch'
import { NearMissRing } from './near-misses'
import { NoiseState } from './noise-control'

export interface Runtime {
  compiled: CompiledTrigger
  /** See `behaviourKey`: equal keys mean the runtime state stays valid. */
  behaviour: string
  counters: TriggerCounters
  /** `counters.evaluated` when they were last saved (any change moves it). */
  savedEvaluated: number
  noise: NoiseState
  nearMisses: NearMissRing
  actionFailures: number
  lastActionFailure: ActionFailure | null
  digestTimer: TimerHandle | undefined
  /** An enabled absence trigger's silence (trigger-timers.ts arms it). */
  silence?: AbsenceWatch
  /** An enabled single shot's deadline (trigger-timers.ts arms it). */
  expiry?: ExpiryWatch
}

export function emptyCounters(): TriggerCounters {
  return { evaluated: 0, matched: 0, fired: 0, suppressed: {}, lastFiredAt: null }
}

/**
 * The runtime for `config`: the existing one when its behaviour is unchanged (only a new snooze is
 * applied), else a fresh one that carries on the counters and failure record.
 */
export function runtimeFor(
  config: TriggerConfig,
  existing: Runtime | undefined,
  stored: TriggerCounters | undefined,
): Runtime {
  const behaviour = behaviourKey(config)
  if (existing && existing.behaviour === behaviour) {
    const compiled = { ...existing.compiled, config }
    const snoozeUntil = config.noise.snoozeUntil ? Date.parse(config.noise.snoozeUntil) : null
    compiled.noise = { ...existing.compiled.noise, snoozeUntil }
    existing.compiled = compiled
    existing.noise.settings = compiled.noise
    return existing
  }
  const compiled = compileTrigger(config)
  return {
    compiled,
    behaviour,
    counters: existing?.counters ?? stored ?? emptyCounters(),
    savedEvaluated: existing?.savedEvaluated ?? stored?.evaluated ?? 0,
    noise: new NoiseState(compiled.noise, { id: config.id, name: config.name }),
    nearMisses: new NearMissRing(compiled.condition.stateful),
    actionFailures: existing?.actionFailures ?? 0,
    lastActionFailure: existing?.lastActionFailure ?? null,
    digestTimer: undefined,
  }
}

export function viewOf(runtime: Runtime): TriggerView {
  const { counters } = runtime
  const view: TriggerView = {
    ...(runtime.compiled.config as TriggerConfig),
    counters: { ...counters, suppressed: { ...counters.suppressed } },
    spent: runtime.noise.spent,
    actionFailures: runtime.actionFailures,
    lastActionFailure: runtime.lastActionFailure,
  }
  if (counters.deadlineOutcome) view.counters.deadlineOutcome = { ...counters.deadlineOutcome }
  if (runtime.silence) view.silence = runtime.silence.state()
  if (runtime.expiry) view.expiry = runtime.expiry.state()
  return view
}
