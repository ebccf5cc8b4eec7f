/**
 * One source in config v1 (see config.ts for the rules every config key follows): where it
 * connects, which preset reads its frames, and what it sends after every connect.
 */

import { z } from 'zod'
import { PRESET_IDS } from './preset-id'
import { PRESET_OPTION_SCHEMAS, presetSecretRefs } from './presets'
import { fieldPathSchema, validateWith, type Validation } from './schema-kit'
import { headerSecretRefs, parseSecretText } from './secret-text'
import { headerNameSchema, secretRefsOf, sourceConnectionShape } from './source-settings'
import { VIGIL_SOURCE_ID } from './source-ids'

/** `sim://<name>` addresses a simulator Vigil runs in-process (the demo source uses it). */
export const SOURCE_URL_SCHEMES = ['ws:', 'wss:', 'sim:'] as const

function isSourceUrl(text: string): boolean {
  if (!URL.canParse(text)) return false
  return (SOURCE_URL_SCHEMES as readonly string[]).includes(new URL(text).protocol)
}

/** A handshake header value; `{{secret.name}}` in it is read from the secret store at connect. */
const headerValue = z
  .string()
  .max(8192)
  .regex(/^[^\r\n]*$/, 'header values cannot contain line breaks')
  .superRefine((value, ctx) => {
    const parsed = parseSecretText(value)
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message })
  })

/** A message sent after every connect: text as is, or a JSON object sent as JSON. */
export const onOpenMessageSchema = z.union([
  z.string().max(1_000_000),
  z.record(z.string(), z.unknown()),
])
export type OnOpenMessage = z.infer<typeof onOpenMessageSchema>

export const sourceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lowercase letters, digits, "-" or "_"')

/** A configured source's id: any source id but Vigil's own. */
const configuredSourceIdSchema = sourceIdSchema.refine(
  (id) => id !== VIGIL_SOURCE_ID,
  `"${VIGIL_SOURCE_ID}" is reserved for Vigil's own alerts`,
)

export const sourceConfigSchema = z
  .strictObject({
    id: configuredSourceIdSchema,
    name: z.string().trim().min(1, 'a name is required').max(200),
    preset: z.enum(PRESET_IDS),
    enabled: z.boolean().default(true),
    url: z
      .string()
      .max(4096)
      .refine(isSourceUrl, 'must be a ws:// or wss:// URL (or sim:// for a built-in simulator)'),
    /** Where the event type is read in each event payload; absent: the preset's default. */
    eventTypePath: fieldPathSchema.optional(),
    headers: z.record(headerNameSchema, headerValue).default({}),
    onOpen: z.array(onOpenMessageSchema).max(100).default([]),
    /**
     * The preset's own settings (shared/presets/<preset>.ts). Kept as written, so a better
     * default reaches the source without a rewrite; checked against the preset's schema below.
     */
    options: z.record(z.string(), z.unknown()).optional(),
    /** TLS, limits, auth, keepalive, reconnect, watchdog: see source-settings.ts. */
    ...sourceConnectionShape,
  })
  .superRefine((source, ctx) => {
    const schema = PRESET_OPTION_SCHEMAS[source.preset] as z.ZodType | undefined
    if (source.options === undefined || schema === undefined) return
    const checked = schema.safeParse(source.options)
    if (checked.success) return
    // Each problem keeps its own code (an unknown key stays an unknown key) under `options`.
    for (const issue of checked.error.issues)
      ctx.addIssue({ ...issue, path: ['options', ...issue.path] } as z.core.$ZodRawIssue)
  })
export type SourceConfig = z.infer<typeof sourceConfigSchema>
/** What a user or script writes: defaults may be left out. */
export type SourceConfigInput = z.input<typeof sourceConfigSchema>

export function validateSource(input: unknown): Validation<SourceConfig> {
  return validateWith(sourceConfigSchema, input)
}

/**
 * Every secret reference a source uses: its `auth`, its header values' `{{secret.name}}` and its
 * preset options' secret fields.
 */
export function sourceSecretRefs(source: SourceConfig): string[] {
  return [
    ...new Set([
      ...secretRefsOf(source),
      ...headerSecretRefs(source.headers),
      ...presetSecretRefs(source.preset, source.options),
    ]),
  ]
}
