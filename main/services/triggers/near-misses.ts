/**
 * "Why didn't it fire": per trigger, the most recent events of its types that failed its
 * condition. Recording is on the hot path, so it only stores the event (and, for conditions using
 * `changed`, the previous values it was compared with); the failing leaf is worked out when
 * someone asks.
 */

import type { VigilEvent } from '../../../shared/domain'
import type { CompiledCondition, Snapshot } from '../../../shared/conditions/compile'
import type { NearMiss, NearMissReport } from '../../../shared/trigger-views'
import { ConditionSummaryBuilder } from './condition-summary'

export const NEAR_MISSES_PER_TRIGGER = 50

export class NearMissRing {
  private readonly events: (VigilEvent | undefined)[]
  /** Only for conditions using `changed` (the others have nothing to snapshot). */
  private readonly snapshots: Snapshot[] | undefined
  private next = 0
  private count = 0

  constructor(
    stateful: boolean,
    private readonly capacity = NEAR_MISSES_PER_TRIGGER,
  ) {
    this.events = new Array<VigilEvent | undefined>(capacity)
    this.snapshots = stateful ? new Array<Snapshot>(capacity) : undefined
  }

  record(event: VigilEvent, snapshot: Snapshot): void {
    this.events[this.next] = event
    if (this.snapshots !== undefined) this.snapshots[this.next] = snapshot
    if (++this.next === this.capacity) this.next = 0
    if (this.count < this.capacity) this.count++
  }

  /** Newest first, explained against `condition`. */
  report(condition: CompiledCondition): NearMiss[] {
    return this.explain(condition).nearMisses
  }

  /** The same, with a summary per condition leaf over the same events. */
  explain(condition: CompiledCondition): NearMissReport {
    const out: NearMiss[] = []
    const summary = new ConditionSummaryBuilder()
    for (let i = 1; i <= this.count; i++) {
      const slot = (this.next - i + this.capacity) % this.capacity
      const event = this.events[slot]!
      const explanation = condition.explain(event, this.snapshots?.[slot])
      summary.add(explanation)
      const { failing } = explanation
      out.push({
        eventId: event.id,
        sourceId: event.sourceId,
        type: event.type,
        receivedAt: event.receivedAt,
        failing: failing ?? null,
      })
    }
    return { nearMisses: out, summary: summary.result() }
  }
}
