/**
 * Evaluates every event against the enabled triggers, on the hot path (Monitor's
 * `onDidReceiveEvent`). The cost per event is kept to the triggers that can match it: triggers
 * are indexed by event type (plus one list for triggers of every type) and, where their condition
 * pins a field to values, by that field's value (value-index.ts); sources are a set lookup,
 * conditions are precompiled closures, and anything slower (notifications, the firing log,
 * webhooks) is queued for the action runner. Counters are plain numbers updated in place (those
 * of triggers looked up by value, lazily) and saved to the counter store every few seconds.
 */

import type { SourceState, TriggerFiring, VigilEvent } from '../../../shared/domain'
import type { AbsenceScope } from '../../../shared/templates'
import type { TriggerConfig } from '../../../shared/trigger-config'
import type { NearMiss, NearMissReport, SoundCue, TriggerView } from '../../../shared/trigger-views'
import type { NotificationView } from '../../../shared/domain'
import { VigilError } from '../../../shared/result'
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
import { ActionRunner, type FiringContext } from './action-runner'
import { standInEvent } from './compiled-trigger'
import { CounterKeeper } from './counter-keeper'
import { nearMissShare } from './near-misses'
import { evaluateBatch, evaluateEvent, type BatchTarget } from './trigger-batch'
import { TriggerIndex, type ValueIndexOptions } from './trigger-index'
import { runtimeFor, viewOf, type Runtime } from './trigger-runtime'
import { TriggerTimers } from './trigger-timers'
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

export class TriggerEngine {
  private runtimes = new Map<string, Runtime>()
  private index = new TriggerIndex([])
  private readonly valueIndex: ValueIndexOptions | false
  private readonly clock: Clock
  private readonly logger: Logger
  readonly notifications: NotificationLog
  private readonly counters: CounterKeeper
  private readonly runner: ActionRunner
  private readonly timers: TriggerTimers
  private readonly webhooks: WebhookSender
  private disposed = false
  /** Events accepted and not yet evaluated (those of the socket read in progress). */
  private accepted: VigilEvent[] = []
  /** Their sizes (bytes of their frames as received), for the near-miss rings' budget. */
  private acceptedBytes: number[] = []
  private batchScheduled = false
  private readonly schedule: (run: () => void) => void
  private readonly batchTarget: BatchTarget = {
    evaluate: (runtime, event, bytes) => this.evaluate(runtime, event, bytes),
    // Triggers looked up by value: their index counts them and keeps their near-misses.
    check: (runtime, event) => this.test(runtime, event) === true,
    matched: (runtime, event) => this.matched(runtime, event),
  }

  private readonly didNotify = new Emitter<NotificationView>()
  private readonly didPlaySound = new Emitter<SoundCue>()
  private readonly didDispatch = new Emitter<{ triggerId: string; event: VigilEvent; at: number }>()
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
    const send = options.send
    this.runner = new ActionRunner({
      clock: this.clock,
      notifications: this.notifications,
      notifier: options.notifier ?? noopNotifier,
      firings: options.firings ?? new MemoryFiringLog(),
      logger: this.logger,
      webhooks: this.webhooks,
      send: (sourceId, text) => {
        if (!send) throw new VigilError('unavailable', 'sending is not available in this run')
        send(sourceId, text)
      },
      ...(options.secrets ? { secrets: options.secrets } : {}),
      ...(options.schedule ? { schedule: options.schedule } : {}),
      notified: (notification) => this.didNotify.fire(notification),
      sound: (cue) => this.didPlaySound.fire(cue),
      dispatched: (firing) => this.didDispatch.fire(firing),
      failed: (triggerId, failure) => {
        const runtime = this.runtimes.get(triggerId)
        if (!runtime) return
        runtime.actionFailures++
        runtime.lastActionFailure = failure
      },
    })
    this.timers = new TriggerTimers(this.clock, {
      silence: (runtime, lastMatch, scope) => this.silenced(runtime, lastMatch, scope),
      expire: (runtime, deadline) =>
        this.runner.expire(runtime.compiled, new Date(deadline).toISOString(), this.clock.now()),
      settled: (runtime) => (runtime.savedEvaluated = -1),
    })
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
   * `handle` called on each in turn but a fraction of the cost (see trigger-batch.ts).
   */
  accept(event: VigilEvent, bytes = 0): void {
    if (this.disposed) return
    this.accepted.push(event)
    this.acceptedBytes.push(bytes)
    if (!this.batchScheduled) {
      this.batchScheduled = true
      this.schedule(() => this.evaluateAccepted())
    }
  }

  /** One event (of `bytes`, its frame's size) against the triggers that can match it, now. */
  handle(event: VigilEvent, bytes = 0): void {
    if (this.disposed) return
    // Anything accepted earlier goes first, so every trigger sees events in order.
    if (this.accepted.length > 0) this.evaluateAccepted()
    // Frames arrive in chunks of hundreds during a burst; actions queued early in a chunk would
    // wait for all of it. Between two events, run them once the oldest has waited long enough.
    // The event's receive time stands for "now": it was read a moment ago, for this event.
    if (this.runner.pending > 0 && this.runner.waited(event.receivedAt) >= MAX_ACTION_DELAY_MS)
      this.runner.drain()
    evaluateEvent(event, this.index, this.batchTarget, bytes)
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
    for (const runtime of this.runtimes.values()) this.clock.clearTimeout(runtime.digestTimer)
    this.timers.dispose()
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
    this.accepted = []
    this.acceptedBytes = []
    if (this.disposed) return
    if (events.length === 1) return this.handle(events[0]!, sizes[0])
    if (this.runner.pending > 0 && this.runner.waited(this.clock.now()) >= MAX_ACTION_DELAY_MS)
      this.runner.drain()
    evaluateBatch(events, this.index, this.batchTarget, sizes)
  }

  /**
   * One trigger (that listens to the event's source and type) against one event: counts it, tests
   * the condition, remembers it for `changed` and as a near-miss. True on a match, which the
   * caller hands to `matched`.
   */
  private evaluate(runtime: Runtime, event: VigilEvent, bytes: number): boolean {
    runtime.counters.evaluated++
    const matched = this.test(runtime, event)
    if (matched === undefined) return false
    const condition = runtime.compiled.condition
    // `commit` answers what `changed` leaves compared with, so a near-miss can be explained later.
    const snapshot = condition.stateful ? condition.commit(event) : undefined
    if (!matched) runtime.nearMisses.record(event, snapshot, bytes)
    return matched
  }

  /** The condition's verdict on the event, or undefined when it threw. */
  private test(runtime: Runtime, event: VigilEvent): boolean | undefined {
    try {
      return runtime.compiled.condition.test(event)
    } catch (error) {
      // Conditions are written not to throw; if one does, it fails this event, not the stream.
      const { name } = runtime.compiled.config
      this.logger.error(`trigger "${name}" failed on an event: ${String(error)}`)
      return undefined
    }
  }

  /**
   * The rare path: a match goes through noise control, then fires or is recorded suppressed. An
   * absence trigger's match fires nothing: it ends the silence.
   */
  private matched(runtime: Runtime, event: VigilEvent): void {
    runtime.counters.matched++
    if (runtime.compiled.config.mode === 'absence') return runtime.silence?.seen(event)
    this.decide(runtime, event)
  }

  /** An absence trigger's silence lasted its seconds: it fires as a match would (noise control). */
  private silenced(runtime: Runtime, lastMatch: VigilEvent | undefined, scope: AbsenceScope) {
    const event = lastMatch ?? standInEvent(runtime.compiled, this.clock.now())
    this.decide(runtime, event, { absence: scope })
    // No event was evaluated, yet its counters changed.
    runtime.savedEvaluated = -1
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

  private runtime(id: string): Runtime {
    const runtime = this.runtimes.get(id)
    if (!runtime) throw new VigilError('not-found', `no trigger with id "${id}"`)
    return runtime
  }
}
