/**
 * Evaluates every event against the enabled triggers, on the hot path (Monitor's
 * `onDidReceiveEvent`). The cost per event is kept to the triggers that can match it: triggers
 * are indexed by event type (plus one list for triggers of every type) and, where their condition
 * pins a field to values, by that field's value (value-index.ts); sources are a set lookup,
 * conditions are precompiled closures, and anything slower (notifications, the firing log,
 * webhooks) is queued for the action runner. Counters are plain numbers updated in place (those
 * of triggers looked up by value, lazily) and saved to the counter store every few seconds.
 *
 * The path of an accepted event: `accept` queues it with the rest of its socket read; a microtask
 * later trigger-batch.ts walks them over their candidate triggers, asking the TriggerEvaluator
 * (trigger-evaluator.ts) about each pair and each match; a firing is queued on the ActionRunner
 * (action-runner.ts), whose host this engine is: what the actions did comes back here as pushes.
 */

import type { NotificationView, SourceState, VigilEvent } from '../../../shared/domain'
import type { TriggerConfig } from '../../../shared/trigger-config'
import type {
  ActionFailure,
  NearMiss,
  NearMissReport,
  SoundCue,
  TriggerView,
} from '../../../shared/trigger-views'
import { VigilError } from '../../../shared/result'
import type { EventConsumer } from '../event-flow'
import type { KeptEvent } from '../events/kept-event'
import {
  MemoryCounterStore,
  MemoryFiringLog,
  MemoryNotificationLog,
  type FiringLog,
  type NotificationLog,
  type TriggerCounterStore,
} from '../notify/notification-log'
import { noopNotifier, type Notifier } from '../notify/notifier'
import type { SecretStore } from '../secrets/secret-store'
import { systemClock, type Clock } from '../util/clock'
import { Emitter } from '../../../shared/utils/emitter'
import { silentLogger, type Logger } from '../util/logger'
import { ActionRunner, type ActionHost, type DispatchedFiring } from './action-runner'
import { CounterKeeper } from './counter-keeper'
import { nearMissShare } from './near-misses'
import { evaluateBatch, evaluateEvent } from './trigger-batch'
import { TriggerEvaluator } from './trigger-evaluator'
import { TriggerIndex, type ValueIndexOptions } from './trigger-index'
import { runtimeFor, viewOf, type Runtime } from './trigger-runtime'
import type { TriggerTimers } from './trigger-timers'
import type { HostResolver } from './webhook-dispatcher'
import { WebhookSender } from './webhook-sender'

export interface TriggerEngineOptions {
  clock?: Clock
  logger?: Logger
  notifications?: NotificationLog
  firings?: FiringLog
  counters?: TriggerCounterStore
  notifier?: Notifier
  secrets?: SecretStore
  /** Sends text on a source; the Engine passes the Monitor's `send`. */
  send?: (sourceId: string, text: string) => void
  /** How webhook host names are resolved (tests give a fixed table; default: the system's). */
  resolveHost?: HostResolver
  webhookRetryBaseMs?: number
  /** How action drains and batches of accepted events are scheduled (default queueMicrotask). */
  schedule?: (run: () => void) => void
  /** How often changed counters are written to the counter store. */
  counterSaveMs?: number
  /** Looking triggers up by value (see trigger-index.ts); false tests every one of the type. */
  valueIndex?: ValueIndexOptions | false
}

/** Longest a queued action waits while events keep arriving (see `handle`). */
const MAX_ACTION_DELAY_MS = 1

export class TriggerEngine implements EventConsumer, ActionHost {
  private runtimes = new Map<string, Runtime>()
  private index = new TriggerIndex([])
  private readonly valueIndex: ValueIndexOptions | false
  private readonly clock: Clock
  private readonly logger: Logger
  readonly notifications: NotificationLog
  private readonly counters: CounterKeeper
  private readonly runner: ActionRunner
  private readonly evaluator: TriggerEvaluator
  private readonly timers: TriggerTimers
  private readonly webhooks: WebhookSender
  private readonly send: ((sourceId: string, text: string) => void) | undefined
  private disposed = false
  /** Events accepted and not yet evaluated (those of the socket read in progress). */
  private accepted: VigilEvent[] = []
  /** Their sizes (bytes of their frames as received), for the near-miss rings' budget. */
  private acceptedBytes: number[] = []
  /** How the near-miss rings hold them: as the recent-events ring keeps them (kept-event.ts). */
  private acceptedKept: KeptEvent[] = []
  /**
   * The arrays of the last batch, emptied, for the next one: a batch's arrays grow to hundreds of
   * events, and growing new ones for every socket read is garbage on the hot path.
   */
  private spare: { events: VigilEvent[]; sizes: number[]; kept: KeptEvent[] } | undefined
  private batchScheduled = false
  /** `evaluateAccepted`, bound once rather than a closure per socket read. */
  private readonly evaluateLater = () => this.evaluateAccepted()
  private readonly schedule: (run: () => void) => void

  private readonly didNotify = new Emitter<NotificationView>()
  private readonly didPlaySound = new Emitter<SoundCue>()
  private readonly didDispatch = new Emitter<DispatchedFiring>()
  /** A notification was stored (push it to the UI). */
  readonly onDidNotify = this.didNotify.event
  /** A sound action ran (the UI plays it). */
  readonly onDidPlaySound = this.didPlaySound.event
  /** A firing's actions were dispatched (benchmarks measure latency here). */
  readonly onDidDispatch = this.didDispatch.event

  constructor(options: TriggerEngineOptions = {}) {
    this.clock = options.clock ?? systemClock
    this.logger = options.logger ?? silentLogger
    this.notifications = options.notifications ?? new MemoryNotificationLog()
    this.counters = new CounterKeeper(
      options.counters ?? new MemoryCounterStore(),
      this.clock,
      this.logger,
      options.counterSaveMs ?? 5_000,
      () => {
        this.index.settleCounters()
        return this.runtimes
      },
    )
    this.schedule = options.schedule ?? queueMicrotask
    this.valueIndex = options.valueIndex ?? {}
    this.webhooks = new WebhookSender({
      clock: this.clock,
      ...(options.resolveHost ? { resolve: options.resolveHost } : {}),
      ...(options.webhookRetryBaseMs !== undefined
        ? { retryBaseMs: options.webhookRetryBaseMs }
        : {}),
    })
    this.send = options.send
    this.runner = new ActionRunner(
      {
        clock: this.clock,
        notifications: this.notifications,
        notifier: options.notifier ?? noopNotifier,
        firings: options.firings ?? new MemoryFiringLog(),
        logger: this.logger,
        webhooks: this.webhooks,
        ...(options.secrets ? { secrets: options.secrets } : {}),
        ...(options.schedule ? { schedule: options.schedule } : {}),
      },
      this,
    )
    this.evaluator = new TriggerEvaluator(this.clock, this.logger, this.runner)
    this.timers = this.evaluator.timers
  }

  /**
   * Brings the triggers in line with the config. A trigger whose behaviour is unchanged keeps its
   * state (cooldowns, rate window, `changed` memory, near-misses); only a new snooze is applied.
   * An edited trigger starts afresh (a spent single shot is re-armed). Counters always carry on.
   * A user saving a trigger unchanged is not an edit here: the caller re-arms it with `rearm`.
   */
  setTriggers(configs: readonly TriggerConfig[]): void {
    // Events that arrived under the old triggers are evaluated by them, and accounted for.
    this.evaluateAccepted()
    this.index.settle()
    const next = new Map<string, Runtime>()
    for (const config of configs) {
      const existing = this.runtimes.get(config.id)
      const runtime = runtimeFor(config, existing, this.counters.stored[config.id])
      if (existing && runtime !== existing) this.clock.clearTimeout(existing.digestTimer)
      next.set(config.id, runtime)
    }
    for (const [id, runtime] of this.runtimes) {
      if (!next.has(id)) this.clock.clearTimeout(runtime.digestTimer)
    }
    this.timers.adopt([...next.values()], this.runtimes.values())
    this.runtimes = next
    // Near-misses share one byte budget: each trigger's ring, and each value-index list's ring
    // that feeds them, holds its share.
    const share = nearMissShare(next.size)
    for (const runtime of next.values()) runtime.nearMisses.setMaxBytes(share)
    this.index = new TriggerIndex(next.values(), this.valueIndex, share)
  }

  /**
   * Lets a spent single-shot trigger fire again, keeping the rest of its state. For a user's save:
   * saving re-arms even when nothing changed, which `setTriggers` cannot tell from a snooze or a
   * config reload (those keep the shot spent). Unknown ids are ignored.
   */
  rearm(id: string): void {
    const runtime = this.runtimes.get(id)
    if (!runtime) return
    runtime.noise.spent = false
    this.timers.rearm(runtime)
  }

  /**
   * A source's lifecycle state: absence triggers time their silence only while their sources are
   * all open. The Engine reports every change (and each source at start).
   */
  sourceChanged(id: string, state: SourceState): void {
    this.timers.sourceChanged(id, state)
  }

  sourceRemoved(id: string): void {
    this.timers.sourceRemoved(id)
  }

  /**
   * The hot path, from the Monitor: the event is evaluated with the others of the same socket read,
   * once the read has been handled (a microtask, before its actions run), with the outcome of
   * `handle` called on each in turn but a fraction of the cost (see trigger-batch.ts). `kept`: the
   * event as the flow's recent-events ring keeps it, which near-miss rings then hold rather than
   * the parsed event (the event itself when not given).
   */
  accept(event: VigilEvent, bytes = 0, kept: KeptEvent = event): void {
    if (this.disposed) return
    this.accepted.push(event)
    this.acceptedBytes.push(bytes)
    this.acceptedKept.push(kept)
    if (!this.batchScheduled) {
      this.batchScheduled = true
      this.schedule(this.evaluateLater)
    }
  }

  /**
   * One event (of `bytes`, its frame's size; `kept`, as near-miss rings hold it) against the
   * triggers that can match it, now.
   */
  handle(event: VigilEvent, bytes = 0, kept: KeptEvent = event): void {
    if (this.disposed) return
    // Anything accepted earlier goes first, so every trigger sees events in order.
    if (this.accepted.length > 0) this.evaluateAccepted()
    // Frames arrive in chunks of hundreds during a burst; actions queued early in a chunk would
    // wait for all of it. Between two events, run them once the oldest has waited long enough.
    // The event's receive time stands for "now": it was read a moment ago, for this event.
    if (this.runner.pending > 0 && this.runner.waited(event.receivedAt) >= MAX_ACTION_DELAY_MS)
      this.runner.drain()
    evaluateEvent(event, this.index, this.evaluator, bytes, kept)
  }

  list(): TriggerView[] {
    this.evaluateAccepted()
    this.index.settleCounters()
    return [...this.runtimes.values()].map((runtime) => viewOf(runtime))
  }

  view(id: string): TriggerView {
    this.evaluateAccepted()
    this.index.settleCounters()
    return viewOf(this.runtime(id))
  }

  has(id: string): boolean {
    return this.runtimes.has(id)
  }

  nearMisses(id: string): NearMiss[] {
    return this.nearMissReport(id).nearMisses
  }

  /** The near-misses, with a summary per condition leaf over them ("why didn't it fire"). */
  nearMissReport(id: string): NearMissReport {
    this.evaluateAccepted()
    const runtime = this.runtime(id)
    this.index.catchUp(runtime)
    return runtime.nearMisses.explain(runtime.compiled.condition)
  }

  /** Evaluates accepted events, runs queued actions now and saves counters (shutdown and tests). */
  flush(): void {
    this.evaluateAccepted()
    this.runner.drain()
    this.counters.save()
  }

  /** Resolves when queued actions have run and no webhook is in flight or waiting to retry. */
  async settle(): Promise<void> {
    this.evaluateAccepted()
    this.runner.drain()
    await this.runner.settleLookups()
    await this.webhooks.settle()
    this.runner.drain()
  }

  dispose(): void {
    if (this.disposed) return
    this.flush()
    this.disposed = true
    this.counters.dispose()
    this.evaluator.dispose(this.runtimes.values())
    this.webhooks.dispose()
    this.didNotify.dispose()
    this.didPlaySound.dispose()
    this.didDispatch.dispose()
  }

  /** The events accepted so far, as one batch (see `accept`). */
  private evaluateAccepted(): void {
    this.batchScheduled = false
    const events = this.accepted
    if (events.length === 0) return
    const sizes = this.acceptedBytes
    const kept = this.acceptedKept
    // Taken, not shared: evaluation may accept more events (or run a nested batch) meanwhile.
    this.accepted = this.spare?.events ?? []
    this.acceptedBytes = this.spare?.sizes ?? []
    this.acceptedKept = this.spare?.kept ?? []
    this.spare = undefined
    try {
      if (this.disposed) return
      if (events.length === 1) return this.handle(events[0]!, sizes[0], kept[0])
      if (this.runner.pending > 0 && this.runner.waited(this.clock.now()) >= MAX_ACTION_DELAY_MS)
        this.runner.drain()
      evaluateBatch(events, this.index, this.evaluator, sizes, kept)
    } finally {
      events.length = 0
      sizes.length = 0
      kept.length = 0
      this.spare = { events, sizes, kept }
    }
  }

  // ---- ActionHost: what the actions did --------------------------------------------------------

  sendOnSource(sourceId: string, text: string): void {
    if (!this.send) throw new VigilError('unavailable', 'sending is not available in this run')
    this.send(sourceId, text)
  }

  notified(notification: NotificationView): void {
    this.didNotify.fire(notification)
  }

  soundPlayed(cue: SoundCue): void {
    this.didPlaySound.fire(cue)
  }

  dispatched(firing: DispatchedFiring): void {
    this.didDispatch.fire(firing)
  }

  actionFailed(triggerId: string, failure: ActionFailure): void {
    const runtime = this.runtimes.get(triggerId)
    if (!runtime) return
    runtime.actionFailures++
    runtime.lastActionFailure = failure
  }

  private runtime(id: string): Runtime {
    const runtime = this.runtimes.get(id)
    if (!runtime) throw new VigilError('not-found', `no trigger with id "${id}"`)
    return runtime
  }
}
