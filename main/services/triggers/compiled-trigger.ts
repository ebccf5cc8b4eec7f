/**
 * A trigger compiled once when it is saved: event selectors, a source set, the condition as
 * closures, templates parsed, noise settings in milliseconds. Nothing here is parsed again per
 * event.
 */

import type { Urgency } from '../../../shared/domain'
import { compileCondition, type CompiledCondition } from '../../../shared/conditions/compile'
import { eventSelector, type EventSelector } from '../../../shared/event-selector'
import {
  compileJsonTemplate,
  mustParseTemplate,
  type JsonTemplate,
  type Template,
} from '../../../shared/templates'
import type {
  ActionConfig,
  SoundName,
  TriggerConfig,
  TriggerDraft,
  WebhookAction,
} from '../../../shared/trigger-config'
import { literalOrigin } from '../../../shared/webhook-destination'
import type { NoiseSettings } from './noise-control'
import { compileQuietHours } from './quiet-hours'

export type CompiledAction =
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
}

function compileAction(action: ActionConfig, index: number): CompiledAction {
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
  return {
    config,
    selectors: config.events.map(eventSelector),
    sources: config.sources.length > 0 ? new Set(config.sources) : null,
    condition: compileCondition(config.condition),
    actions,
    noise: settings,
    digestUrgency: notify?.type === 'notify' ? notify.urgency : null,
  }
}

/** Identity of a trigger's behaviour: saving it with another snooze keeps its runtime state. */
export function behaviourKey(config: TriggerConfig): string {
  return JSON.stringify({ ...config, noise: { ...config.noise, snoozeUntil: null } })
}
