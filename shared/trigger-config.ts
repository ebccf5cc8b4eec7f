/**
 * One trigger in config v1 (config.ts states the rules every config key follows): which events
 * it looks at, the condition they must meet, what it does when they do, and how noisy it may be.
 * Everything that can be wrong with a trigger is reported at save time with its path
 * (`triggers.2.condition.all.1.value`); the engine compiles only triggers that passed.
 */

import { z } from 'zod'
import { conditionSchema, unrunnablePatterns, ALWAYS, type Condition } from './conditions/schema'
import { parseTemplate } from './templates'
import { templateSchema } from './template-schema'
import { noiseSchema } from './trigger-noise'
import { sourceIdSchema } from './source-config'
import { headerNameSchema } from './source-settings'
import { webhookUrlProblem } from './webhook-destination'
import {
  absenceSchema,
  checkTriggerTiming,
  deadlineSchema,
  expireAfterSchema,
} from './trigger-timing'
import { VIGIL_SOURCE_ID } from './source-ids'

export const triggerIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lowercase letters, digits, "-" or "_"')

/** The longest event type a trigger can name (the field catalogue keeps types no longer). */
export const MAX_EVENT_NAME_CHARS = 200

const eventNameSchema = z
  .string()
  .trim()
  .min(1, 'an event name is required')
  .max(MAX_EVENT_NAME_CHARS)

const MAX_JSON_CHARS = 100_000

/** Any JSON value whose strings are templates; a bad string is reported at its own path. */
const jsonTemplateSchema = z.json().superRefine((value, ctx) => {
  if (JSON.stringify(value).length > MAX_JSON_CHARS) {
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_JSON_CHARS} characters as JSON` })
    return
  }
  const walk = (node: unknown, path: (string | number)[]) => {
    if (typeof node === 'string') {
      const parsed = parseTemplate(node)
      if (!parsed.ok)
        ctx.addIssue({ code: 'custom', path, message: `invalid template: ${parsed.message}` })
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...path, index]))
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) walk(item, [...path, key])
    }
  }
  walk(value, [])
})

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object'
}

/**
 * `events` on an action: it runs only for firings by events of these types (one of the trigger's
 * own), e.g. a critical notification for `source-failed` and a normal one for `source-recovered`
 * in one trigger. Absent: it runs for every firing.
 */
const actionEvents = z.array(eventNameSchema).min(1, 'name an event type').max(200).optional()

export const URGENCIES = ['low', 'normal', 'critical'] as const
/** Built-in sounds the UI can play. */
export const SOUNDS = ['chime', 'ping', 'alert', 'alarm'] as const
export type SoundName = (typeof SOUNDS)[number]

export const notifyActionSchema = z.strictObject({
  type: z.literal('notify'),
  title: templateSchema(500).min(1, 'a title is required'),
  body: templateSchema(2_000).default(''),
  urgency: z.enum(URGENCIES).default('normal'),
  events: actionEvents,
})

/** What a single shot shows when its deadline passes unmet: a notification's text and urgency. */
export const onExpireSchema = notifyActionSchema.omit({ type: true, events: true })
export type OnExpireNotification = z.infer<typeof onExpireSchema>

export const soundActionSchema = z.strictObject({
  type: z.literal('sound'),
  sound: z.enum(SOUNDS).default('chime'),
  events: actionEvents,
})

// The user writes where a webhook goes; the stream may only fill in the path, query and body.
const webhookUrl = templateSchema(4_096, { secrets: true }).superRefine((text, ctx) => {
  const problem = webhookUrlProblem(text)
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
})

export const WEBHOOK_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const

export const webhookActionSchema = z.strictObject({
  type: z.literal('webhook'),
  /**
   * Scheme, host and port written out; the rest may hold templates, and `{{secret.name}}` (e.g. a
   * chat service's webhook token), read from the secret store.
   */
  url: webhookUrl,
  method: z.enum(WEBHOOK_METHODS).default('POST'),
  headers: z
    .record(
      headerNameSchema,
      templateSchema(8_192, { secrets: true }).regex(
        /^[^\r\n]*$/,
        'header values cannot contain line breaks',
      ),
    )
    .default({}),
  /** Sent as JSON with every string rendered; absent: `{trigger, event}`. Ignored for GET. */
  body: jsonTemplateSchema.optional(),
  timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  /** Further attempts after a failure (network, timeout, 5xx, 429), with growing delays. */
  retries: z.number().int().min(0).max(5).default(2),
  events: actionEvents,
})

export const sendActionSchema = z.strictObject({
  type: z.literal('send'),
  source: sourceIdSchema,
  /** Text sent as is after rendering, or a JSON object whose strings are rendered. */
  message: jsonTemplateSchema.refine(
    (value) => typeof value === 'string' || (isObject(value) && !Array.isArray(value)),
    'write a text or a JSON object',
  ),
  events: actionEvents,
})

export const logActionSchema = z.strictObject({
  type: z.literal('log'),
  message: templateSchema(2_000).default('{{trigger.name}}: {{type}} from {{sourceId}}'),
  level: z.enum(['info', 'warn']).default('info'),
  events: actionEvents,
})

export const actionSchema = z.discriminatedUnion('type', [
  notifyActionSchema,
  soundActionSchema,
  webhookActionSchema,
  sendActionSchema,
  logActionSchema,
])
export type ActionConfig = z.infer<typeof actionSchema>
export type NotifyAction = z.infer<typeof notifyActionSchema>
export type WebhookAction = z.infer<typeof webhookActionSchema>
export type SendAction = z.infer<typeof sendActionSchema>
export type LogAction = z.infer<typeof logActionSchema>

/**
 * `every`: fires on each match (noise control permitting). `single-shot`: fires once, then stays
 * quiet until it is saved again (or Vigil restarts); it may wait with a deadline. `absence`:
 * fires when no event matching it has arrived for `absence.seconds` while its sources are open.
 */
export const TRIGGER_MODES = ['every', 'single-shot', 'absence'] as const
export type TriggerMode = (typeof TRIGGER_MODES)[number]

const triggerShape = {
  id: triggerIdSchema,
  name: z.string().trim().min(1, 'a name is required').max(200),
  enabled: z.boolean().default(true),
  /** Source ids to listen to (`vigil` for the engine's own alerts); empty: every source. */
  sources: z
    .array(z.union([sourceIdSchema, z.literal(VIGIL_SOURCE_ID)]))
    .max(100)
    .default([]),
  /** Event types to look at; empty: every type. */
  events: z.array(eventNameSchema).max(200).default([]),
  condition: conditionSchema.default(() => structuredClone(ALWAYS)),
  actions: z.array(actionSchema).min(1, 'add at least one action').max(20),
  noise: noiseSchema.prefault({}),
  /** See TRIGGER_MODES; the keys below depend on it (trigger-timing.ts checks which go with which). */
  mode: z.enum(TRIGGER_MODES).default('every'),
  /** Mode `absence` only: the silence, in seconds, that fires it. */
  absence: absenceSchema.optional(),
  /** Single shot only: it expires at this ISO time, or this long after it was armed. */
  deadline: deadlineSchema.optional(),
  expireAfterSeconds: expireAfterSchema.optional(),
  /** Required with a deadline: the notification shown when it passes unmet. */
  onExpire: onExpireSchema.optional(),
}

/**
 * An enabled trigger cannot hold a pattern the linear-time engine refuses (lookaround,
 * backreferences): it could never match. A disabled one may, so a config written before patterns
 * ran on RE2 still loads (config-file.ts disables such triggers and says so).
 */
function runnablePatterns(
  trigger: { enabled: boolean; condition: Condition },
  ctx: z.core.$RefinementCtx,
): void {
  if (!trigger.enabled) return
  for (const { path, message } of unrunnablePatterns(trigger.condition))
    ctx.addIssue({
      code: 'custom',
      path: ['condition', ...path],
      message,
    })
}

/** Checks between keys: patterns, mode-dependent keys (trigger-timing.ts), actions' `events`. */
function checkTrigger(
  trigger: z.output<z.ZodObject<typeof triggerShape>>,
  ctx: z.core.$RefinementCtx,
): void {
  runnablePatterns(trigger, ctx)
  checkTriggerTiming(trigger, ctx)
  if (trigger.events.length === 0) return
  const types = new Set(trigger.events)
  trigger.actions.forEach((action, index) => {
    action.events?.forEach((type, i) => {
      if (!types.has(type))
        ctx.addIssue({
          code: 'custom',
          path: ['actions', index, 'events', i],
          message: `the trigger does not look at "${type}" events`,
        })
    })
  })
}

export const triggerConfigSchema = z.strictObject(triggerShape).superRefine(checkTrigger)
export type TriggerConfig = z.infer<typeof triggerConfigSchema>
export type TriggerConfigInput = z.input<typeof triggerConfigSchema>

/** A trigger being written: a backtest needs neither an id nor actions yet. */
export const triggerDraftSchema = z
  .strictObject({
    ...triggerShape,
    id: triggerIdSchema.default('draft'),
    actions: z.array(actionSchema).max(20).default([]),
  })
  .superRefine(checkTrigger)
export type TriggerDraft = z.infer<typeof triggerDraftSchema>
export type TriggerDraftInput = z.input<typeof triggerDraftSchema>

interface IssueSink {
  addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void
}

/**
 * Checks what a trigger refers to outside itself: unique ids, and sources that exist. `prefix` is
 * where the triggers sit in the checked document (`['triggers']` in a config, `[]` for one).
 */
export function checkTriggerReferences(
  triggers: readonly Pick<TriggerConfig, 'id' | 'sources' | 'actions'>[],
  sourceIds: ReadonlySet<string>,
  ctx: IssueSink,
  prefix: (string | number)[] = ['triggers'],
): void {
  const seen = new Set<string>()
  triggers.forEach((trigger, index) => {
    const at = prefix.length > 0 ? [...prefix, index] : []
    if (seen.has(trigger.id))
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'id'],
        message: `duplicate trigger id "${trigger.id}"`,
      })
    seen.add(trigger.id)
    trigger.sources.forEach((id, i) => {
      if (id !== VIGIL_SOURCE_ID && !sourceIds.has(id))
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'sources', i],
          message: `no source with id "${id}"`,
        })
    })
    trigger.actions.forEach((action, i) => {
      if (action.type === 'send' && !sourceIds.has(action.source))
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'actions', i, 'source'],
          message: `no source with id "${action.source}"`,
        })
    })
  })
}
