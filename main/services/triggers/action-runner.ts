/**
 * Runs trigger actions off the hot path. Evaluation only queues a job; the queue drains in a
 * microtask, which Node runs once the current socket read has been handled (all the frames of
 * one chunk), so actions never run inside evaluation yet wait at most for one chunk of frames,
 * not for a whole turn of the event loop (which, in a burst, holds many chunks). Webhooks go
 * further, to their own sender, so a slow server never delays other actions or events.
 *
 * Every failure is recorded against its trigger and logged; none escapes into the engine.
 */

import type { NotificationView, TriggerFiring, VigilEvent } from '../../../shared/domain'
import type { AbsenceScope, TemplateScope } from '../../../shared/templates'
import type { ActionFailure, SoundCue } from '../../../shared/trigger-views'
import type { FiringLog, NotificationLog } from '../notify/notification-log'
import type { Notifier } from '../notify/notifier'
import type { SecretStore } from '../secrets/secret-store'
import type { Clock } from '../util/clock'
import type { Logger } from '../util/logger'
import {
  runsFor,
  standInEvent,
  type CompiledAction,
  type CompiledTrigger,
} from './compiled-trigger'
import type { Digest } from './noise-control'
import { WebhookActions } from './webhook-action'
import type { WebhookSender } from './webhook-sender'
import { errorText } from '../../../shared/utils/error-text'

/** Where actions go and what they are kept in. */
export interface ActionPorts {
  clock: Clock
  notifications: NotificationLog
  notifier: Notifier
  firings: FiringLog
  logger: Logger
  webhooks: WebhookSender
  secrets?: SecretStore
  /** How a drain is scheduled; default queueMicrotask. */
  schedule?: (run: () => void) => void
  /** Jobs waiting at most; beyond it new firings are dropped and counted. */
  maxQueued?: number
}

/** A firing whose actions have been started. */
export interface DispatchedFiring {
  triggerId: string
  event: VigilEvent
  at: number
}

/** Who hears what the actions did (the trigger engine). */
export interface ActionHost {
  /** Sends text on a source (a `send` action); throws when it cannot (the source is not open). */
  sendOnSource(sourceId: string, text: string): void
  /** A notification was stored (and shown on the desktop). */
  notified(notification: NotificationView): void
  /** A sound action ran (the UI plays it). */
  soundPlayed(cue: SoundCue): void
  /** A firing's actions have been started (webhooks queued, the rest done). */
  dispatched(firing: DispatchedFiring): void
  actionFailed(triggerId: string, failure: ActionFailure): void
}

/** What a firing renders beyond its event and trigger. */
export interface FiringContext {
  /** A silence of an absence trigger fired it (every action runs; templates read `absence`). */
  absence?: AbsenceScope
  /** A single shot's deadline, as ISO text, for `{{trigger.deadline}}`. */
  deadline?: string
}

type Job =
  | {
      kind: 'fire'
      trigger: CompiledTrigger
      event: VigilEvent
      at: number
      context: FiringContext | undefined
    }
  | { kind: 'record'; firing: TriggerFiring }
  | { kind: 'digest'; trigger: CompiledTrigger; digest: Digest; at: number }
  | { kind: 'expire'; trigger: CompiledTrigger; deadline: string; at: number }

/** Notification fields beyond its text: what raised it (see NotificationView). */
type NotificationExtras = Pick<NotificationView, 'kind' | 'heldBack'>

/**
 * A notification's text is rendered from the event, so a template naming a large field would
 * make a notification as large as the field: kept in memory (10,000 of them), pushed to every
 * window and stored. Desktop notifications show a line or two anyway; the event keeps the rest.
 */
export const MAX_TITLE_CHARS = 300
export const MAX_BODY_CHARS = 3_000

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

export class ActionRunner {
  private queue: Job[] = []
  private scheduled = false
  /** When the oldest waiting job was queued. */
  private queuedAt = 0
  /** Jobs refused because the queue was full. */
  dropped = 0
  /** Webhook actions: their secrets looked up, their requests handed to the sender. */
  private readonly webhooks: WebhookActions
  private readonly schedule: (run: () => void) => void
  private readonly maxQueued: number

  constructor(
    private readonly ports: ActionPorts,
    private readonly host: ActionHost,
  ) {
    this.schedule = ports.schedule ?? queueMicrotask
    this.maxQueued = ports.maxQueued ?? 100_000
    this.webhooks = new WebhookActions(ports, (trigger, action, message) =>
      this.fail(trigger, action, message),
    )
  }

  fire(trigger: CompiledTrigger, event: VigilEvent, at: number, context?: FiringContext): void {
    this.push({ kind: 'fire', trigger, event, at, context })
  }

  /** A single shot's deadline passed unmet: its `onExpire` notification. */
  expire(trigger: CompiledTrigger, deadline: string, at: number): void {
    this.push({ kind: 'expire', trigger, deadline, at })
  }

  record(firing: TriggerFiring): void {
    this.push({ kind: 'record', firing })
  }

  digest(trigger: CompiledTrigger, digest: Digest, at: number): void {
    this.push({ kind: 'digest', trigger, digest, at })
  }

  get pending(): number {
    return this.queue.length
  }

  /** How long the oldest waiting job has waited (0 when none waits). */
  waited(now: number): number {
    return this.queue.length === 0 ? 0 : now - this.queuedAt
  }

  /** Resolves once the secret look-ups started so far have handed their webhooks on. */
  settleLookups(): Promise<void> {
    return this.webhooks.settleLookups()
  }

  /** Runs every queued job now. */
  drain(): void {
    this.scheduled = false
    const jobs = this.queue
    this.queue = []
    for (const job of jobs) {
      try {
        if (job.kind === 'record') this.ports.firings.record(job.firing)
        else if (job.kind === 'fire') this.runFiring(job.trigger, job.event, job.at, job.context)
        else if (job.kind === 'digest') this.runDigest(job.trigger, job.digest, job.at)
        else this.runExpiry(job.trigger, job.deadline, job.at)
      } catch (error) {
        // A storage port failing (a full disk under history, say) must not lose the other jobs.
        this.ports.logger.error(`a trigger job failed: ${errorText(error)}`)
      }
    }
  }

  private push(job: Job): void {
    if (this.queue.length >= this.maxQueued) {
      if (this.dropped++ === 0)
        this.ports.logger.warn('trigger actions are falling behind; firings are being dropped')
      return
    }
    if (this.queue.length === 0) this.queuedAt = this.ports.clock.now()
    this.queue.push(job)
    if (!this.scheduled) {
      this.scheduled = true
      this.schedule(() => this.drain())
    }
  }

  private runFiring(
    trigger: CompiledTrigger,
    event: VigilEvent,
    at: number,
    context: FiringContext | undefined,
  ): void {
    const { id, name } = trigger.config
    this.ports.firings.record({
      triggerId: id,
      eventId: event.id,
      sourceId: event.sourceId,
      at,
      outcome: 'fired',
    })
    const scope: TemplateScope = {
      event,
      trigger:
        context?.deadline === undefined ? { id, name } : { id, name, deadline: context.deadline },
    }
    if (context?.absence) scope.absence = context.absence
    // A silence is no event of a type: every action runs for it.
    const cause = context?.absence ? undefined : event
    for (const action of trigger.actions) {
      if (!runsFor(action, cause)) continue
      try {
        this.run(action, trigger, scope, at)
      } catch (error) {
        this.fail(trigger, action, errorText(error))
      }
    }
    this.host.dispatched({ triggerId: id, event, at })
  }

  private run(action: CompiledAction, trigger: CompiledTrigger, scope: TemplateScope, at: number) {
    const { event } = scope
    switch (action.type) {
      case 'notify':
        this.notify(
          trigger,
          event,
          at,
          {
            title: clip(action.title.render(scope), MAX_TITLE_CHARS),
            body: clip(action.body.render(scope), MAX_BODY_CHARS),
            urgency: action.urgency,
          },
          scope.absence ? { kind: 'absence' } : {},
        )
        return
      case 'sound':
        this.host.soundPlayed({
          sound: action.sound,
          triggerId: trigger.config.id,
          eventId: event.id,
        })
        return
      case 'send': {
        const message = action.message(scope)
        this.host.sendOnSource(
          action.source,
          typeof message === 'string' ? message : JSON.stringify(message),
        )
        return
      }
      case 'log': {
        const text = `trigger "${trigger.config.name}": ${action.message.render(scope)}`
        if (action.level === 'warn') this.ports.logger.warn(text)
        else this.ports.logger.info(text)
        return
      }
      case 'webhook':
        this.webhooks.run(action, trigger, scope)
        return
    }
  }

  private notify(
    trigger: CompiledTrigger,
    event: VigilEvent,
    at: number,
    text: Pick<NotificationView, 'title' | 'body' | 'urgency'>,
    extras: NotificationExtras,
  ): void {
    const notification = this.ports.notifications.add({
      triggerId: trigger.config.id,
      eventId: event.id,
      sourceId: event.sourceId,
      firedAt: at,
      ...text,
      ...extras,
    })
    // Stored first: whatever the desktop does with it, the notification is in the history.
    this.host.notified(notification)
    this.ports.notifier.show(notification)
  }

  private runDigest(trigger: CompiledTrigger, digest: Digest, at: number): void {
    if (trigger.digestUrgency === null) return
    const { name } = trigger.config
    const limit = trigger.noise.maxPerMinute ?? 0
    const more = digest.count === 1 ? 'match' : 'matches'
    try {
      this.notify(
        trigger,
        digest.lastEvent,
        at,
        {
          title: `${name}: ${digest.count} more`,
          body: `${digest.count} more ${more} held back by the limit of ${limit} a minute.`,
          urgency: trigger.digestUrgency,
        },
        { kind: 'digest', heldBack: { eventIds: digest.eventIds, count: digest.count } },
      )
    } catch (error) {
      this.fail(
        trigger,
        trigger.actions.find((a) => a.type === 'notify')!,
        errorText(error),
      )
    }
  }

  private runExpiry(trigger: CompiledTrigger, deadline: string, at: number): void {
    const text = trigger.onExpire
    if (text === null) return
    const { id, name } = trigger.config
    const event = standInEvent(trigger, at)
    const scope: TemplateScope = { event, trigger: { id, name, deadline } }
    this.notify(
      trigger,
      event,
      at,
      { title: text.title.render(scope), body: text.body.render(scope), urgency: text.urgency },
      { kind: 'expired' },
    )
  }

  private fail(trigger: CompiledTrigger, action: CompiledAction, message: string): void {
    const failure: ActionFailure = {
      action: action.type,
      index: action.index,
      message,
      at: this.ports.clock.now(),
    }
    this.ports.logger.warn(
      `trigger "${trigger.config.name}" ${action.type} action failed: ${message}`,
    )
    this.host.actionFailed(trigger.config.id, failure)
  }
}
