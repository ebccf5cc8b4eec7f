/**
 * Keeps trigger counters across restarts: loads what the store holds once, and every few seconds
 * writes the counters of triggers that changed since their last write (a runtime whose
 * `savedEvaluated` differs from its `evaluated`; set it to -1 to have it written whatever
 * changed). A store that fails is logged, and the next round tries again.
 */

import type { TriggerCounters } from '../../../shared/domain'
import type { TriggerCounterStore } from '../notify/notification-log'
import type { Clock, TimerHandle } from '../util/clock'
import type { Logger } from '../util/logger'
import type { Runtime } from './trigger-runtime'
import { errorText } from '../../../shared/utils/error-text'

export class CounterKeeper {
  /** What the store held at start-up, per trigger id. */
  readonly stored: Record<string, TriggerCounters>
  private timer: TimerHandle | undefined
  private disposed = false

  constructor(
    private readonly store: TriggerCounterStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    /** Every runtime, brought up to date (lazy counters settled) before a write. */
    private readonly runtimes: () => Iterable<[string, Runtime]>,
  ) {
    this.stored = store.load()
    this.schedule()
  }

  save(): void {
    const changed: Record<string, TriggerCounters> = {}
    let any = false
    for (const [id, runtime] of this.runtimes()) {
      if (runtime.counters.evaluated === runtime.savedEvaluated) continue
      changed[id] = { ...runtime.counters, suppressed: { ...runtime.counters.suppressed } }
      runtime.savedEvaluated = runtime.counters.evaluated
      any = true
    }
    if (!any) return
    try {
      this.store.save(changed)
    } catch (error) {
      this.logger.warn(`could not save trigger counters: ${errorText(error)}`)
    }
  }

  dispose(): void {
    this.disposed = true
    this.clock.clearTimeout(this.timer)
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.save()
      if (!this.disposed) this.schedule()
    }, this.intervalMs)
  }
}
