/**
 * A trigger compiled once when it is saved: event selectors, a source set, the condition as
 * closures, templates parsed, noise settings in milliseconds. Nothing here is parsed again per
 * event.
 */

import type { Urgency, VigilEvent } from '../../../shared/domain'
import { compileCondition, type CompiledCondition } from '../../../shared/conditions/compile'
import { eventSelector, selects, type EventSelector } from '../../../shared/event-selector'
import {
  compileJsonTemplate,
  mustParseTemplate,
  type JsonTemplate,
  type Template,
} from '../../../shared/templates'
import { VIGIL_SOURCE_ID } from '../../../shared/source-ids'
import {
  type ActionConfig,
  type SoundName,
  type TriggerConfig,
  type TriggerDraft,
  type WebhookAction,
} from '../../../shared/trigger-config'
import { literalOrigin } from '../../../shared/webhook-destination'
import type { NoiseSettings } from './noise-control'
import { compileQuietHours } from './quiet-hours'

/**
 * `only`: the action's own `events` (it runs for firings by events they select); absent: every
 * firing. See `runsFor`.
 */
export type CompiledAction = ActionVariant & { only?: readonly EventSelector[] }

type ActionVariant =
  | { type: 'notify'; index: number; title: Template; body: Template; urgency: Urgency }
  | { type: 'sound'; index: number; sound: SoundName }
  | {
      type: 'webhook'
      index: number
      url: Template
      /** The origin the URL writes out (`https://hooks.example.com`); rendering must keep it. */
      origin: string
      method: WebhookAction['method']
      headers: [string, Template][]
      /** Absent: the default `{trigger, event}` body. */
      body: JsonTemplate | undefined
      timeoutMs: number
      retries: number
    }
  | { type: 'send'; index: number; source: string; message: JsonTemplate }
  | { type: 'log'; index: number; message: Template; level: 'info' | 'warn' }

export interface CompiledTrigger {
  config: TriggerConfig | TriggerDraft
  /** Empty: every event type. */
  selectors: EventSelector[]
  /** Null: every source. */
  sources: ReadonlySet<string> | null
  condition: CompiledCondition
  actions: CompiledAction[]
  noise: NoiseSettings
  /** The urgency a digest notification uses: that of the first notify action. */
  digestUrgency: Urgency | null
  /** A single shot's deadline: a time, or how long after it is armed; null without one. */
  expiry: { at: number } | { afterMs: number } | null
  /** What it shows when the deadline passes unmet (set exactly when `expiry` is). */
  onExpire: CompiledNotify | null
}

export interface CompiledNotify {
  title: Template
  body: Template
  urgency: Urgency
}

/**
 * The event a firing that no event caused (an expiry, a silence with no match before it) renders
 * and is stored with: id 0, the trigger's first source (or `vigil`), no type, no payload, so
 * templates read its fields as empty.
 */
export function standInEvent(trigger: CompiledTrigger, at: number): VigilEvent {
  const sourceId = trigger.config.sources[0] ?? VIGIL_SOURCE_ID
  return { id: 0, sourceId, type: '', receivedAt: at, payload: null }
}

/** When a trigger armed at `armedAt` expires (epoch ms); null when it has no deadline. */
export function deadlineOf(trigger: CompiledTrigger, armedAt: number): number | null {
  const { expiry } = trigger
  if (expiry === null) return null
  return 'at' in expiry ? expiry.at : armedAt + expiry.afterMs
}

function compileAction(action: ActionConfig, index: number): CompiledAction {
  const variant = compileVariant(action, index)
  return action.events ? { ...variant, only: action.events.map(eventSelector) } : variant
}

/**
 * Whether the action runs for a firing by `event`. A firing with no event of its own (an absence,
 * an expiry) runs every action: pass undefined.
 */
export function runsFor(action: CompiledAction, event: VigilEvent | undefined): boolean {
  const only = action.only
  if (only === undefined || event === undefined) return true
  return only.some((selector) => selects(selector, event.type, event.payload))
}

function compileVariant(action: ActionConfig, index: number): ActionVariant {
  switch (action.type) {
    case 'notify':
      return {
        type: 'notify',
        index,
        title: mustParseTemplate(action.title),
        body: mustParseTemplate(action.body),
        urgency: action.urgency,
      }
    case 'sound':
      return { type: 'sound', index, sound: action.sound }
    case 'webhook':
      return {
        type: 'webhook',
        index,
        url: mustParseTemplate(action.url, {
          secrets: true,
          encodeEventValues: encodeURIComponent,
        }),
        origin: mustLiteralOrigin(action.url),
        method: action.method,
        headers: Object.entries(action.headers).map(([name, value]) => [
          name,
          mustParseTemplate(value, { secrets: true }),
        ]),
        body: action.body === undefined ? undefined : compileJsonTemplate(action.body),
        timeoutMs: action.timeoutMs,
        retries: action.retries,
      }
    case 'send':
      return {
        type: 'send',
        index,
        source: action.source,
        message: compileJsonTemplate(action.message),
      }
    case 'log':
      return { type: 'log', index, message: mustParseTemplate(action.message), level: action.level }
  }
}

function mustLiteralOrigin(url: string): string {
  const parsed = literalOrigin(url)
  if (!parsed.ok) throw new Error(`invalid webhook URL: ${parsed.message}`)
  return parsed.origin
}

/** Compiles a validated trigger (or draft); the schema has already refused anything that throws. */
export function compileTrigger(config: TriggerConfig | TriggerDraft): CompiledTrigger {
  const actions = config.actions.map(compileAction)
  const notify = actions.find((action) => action.type === 'notify')
  const { noise } = config
  const settings: NoiseSettings = {
    singleShot: config.mode === 'single-shot',
    snoozeUntil: noise.snoozeUntil ? Date.parse(noise.snoozeUntil) : null,
    quietHours: compileQuietHours(noise.quietHours),
    critical: actions.some((action) => action.type === 'notify' && action.urgency === 'critical'),
  }
  if (noise.dedupe) {
    settings.dedupeMs = noise.dedupe.seconds * 1000
    if (noise.dedupe.key !== undefined) settings.dedupeKey = mustParseTemplate(noise.dedupe.key)
  }
  if (noise.cooldown) {
    settings.cooldownMs = noise.cooldown.seconds * 1000
    if (noise.cooldown.key !== undefined)
      settings.cooldownKey = mustParseTemplate(noise.cooldown.key)
  }
  if (noise.maxPerMinute !== undefined) settings.maxPerMinute = noise.maxPerMinute
  const expiry =
    config.deadline !== undefined
      ? { at: Date.parse(config.deadline) }
      : config.expireAfterSeconds !== undefined
        ? { afterMs: config.expireAfterSeconds * 1000 }
        : null
  const onExpire =
    expiry && config.onExpire
      ? {
          title: mustParseTemplate(config.onExpire.title),
          body: mustParseTemplate(config.onExpire.body),
          urgency: config.onExpire.urgency,
        }
      : null
  return {
    config,
    selectors: config.events.map(eventSelector),
    sources: config.sources.length > 0 ? new Set(config.sources) : null,
    condition: compileCondition(config.condition),
    actions,
    noise: settings,
    digestUrgency: notify?.type === 'notify' ? notify.urgency : null,
    expiry,
    onExpire,
  }
}

/** Identity of a trigger's behaviour: saving it with another snooze keeps its runtime state. */
export function behaviourKey(config: TriggerConfig): string {
  return JSON.stringify({ ...config, noise: { ...config.noise, snoozeUntil: null } })
}
