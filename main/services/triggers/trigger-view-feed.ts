/**
 * Tells the UI about triggers that changed, so its store mirrors them instead of polling: once a
 * tick (a second by default), the views of triggers whose settings, state or counters differ from
 * what was last told, together, and the ids of triggers that are gone. Counters change with
 * nearly every event, so busy triggers cost one push a second, never one per event.
 */

import type { TriggerView } from '../../../shared/trigger-views'
import type { Clock, TimerHandle } from '../util/clock'
import { Emitter } from '../../../shared/utils/emitter'

export const TRIGGER_FEED_INTERVAL_MS = 1_000

export interface TriggerViewFeedOptions {
  clock: Clock
  /** Every trigger's current view. */
  list: () => readonly TriggerView[]
  intervalMs?: number
}

export class TriggerViewFeed {
  private readonly told = new Map<string, string>()
  private timer: TimerHandle | undefined
  private disposed = false
  private readonly intervalMs: number
  private readonly didChange = new Emitter<TriggerView[]>()
  private readonly didRemove = new Emitter<{ id: string }>()
  readonly onDidChange = this.didChange.event
  readonly onDidRemove = this.didRemove.event

  constructor(private readonly options: TriggerViewFeedOptions) {
    this.intervalMs = options.intervalMs ?? TRIGGER_FEED_INTERVAL_MS
    // What the UI fetches as its snapshot is what it has been told.
    for (const view of options.list()) this.told.set(view.id, JSON.stringify(view))
    this.schedule()
  }

  /** Compares every trigger with what was last told, and tells the differences now. */
  tick(): void {
    const seen = new Set<string>()
    const changed: TriggerView[] = []
    for (const view of this.options.list()) {
      seen.add(view.id)
      const text = JSON.stringify(view)
      if (this.told.get(view.id) === text) continue
      this.told.set(view.id, text)
      changed.push(view)
    }
    if (changed.length > 0) this.didChange.fire(changed)
    for (const id of this.told.keys()) {
      if (seen.has(id)) continue
      this.told.delete(id)
      this.didRemove.fire({ id })
    }
  }

  dispose(): void {
    this.disposed = true
    this.options.clock.clearTimeout(this.timer)
    this.didChange.dispose()
    this.didRemove.dispose()
  }

  private schedule(): void {
    if (this.disposed) return
    this.timer = this.options.clock.setTimeout(() => {
      this.tick()
      this.schedule()
    }, this.intervalMs)
  }
}
