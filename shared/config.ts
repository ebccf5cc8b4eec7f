/**
 * Config format v1: one versioned JSON document for settings, import and export. Its keys are a
 * public interface (scripts and checks outside the repo rely on them): change them only with a
 * version bump, a migration and a README note. Unknown keys are errors, never silently dropped.
 */

import { z } from 'zod'
import { parseFieldPath } from './field-path'
import { PRESET_IDS } from './presets'
import type { Issue } from './result'

export const CONFIG_VERSION = 1

const fieldPath = z
  .string()
  .max(500)
  .superRefine((text, ctx) => {
    const parsed = parseFieldPath(text)
    if (!parsed.ok)
      ctx.addIssue({ code: 'custom', message: `invalid field path: ${parsed.message}` })
  })

/** `sim://<name>` addresses a simulator Vigil runs in-process (the demo source uses it). */
export const SOURCE_URL_SCHEMES = ['ws:', 'wss:', 'sim:'] as const

function isSourceUrl(text: string): boolean {
  if (!URL.canParse(text)) return false
  return (SOURCE_URL_SCHEMES as readonly string[]).includes(new URL(text).protocol)
}

// RFC 7230 token characters; a header name outside them would make the handshake throw.
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid HTTP header name')
const headerValue = z
  .string()
  .max(8192)
  .regex(/^[^\r\n]*$/, 'header values cannot contain line breaks')

/** A message sent after every connect: text as is, or a JSON object sent as JSON. */
export const onOpenMessageSchema = z.union([
  z.string().max(1_000_000),
  z.record(z.string(), z.unknown()),
])
export type OnOpenMessage = z.infer<typeof onOpenMessageSchema>

export const sourceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lowercase letters, digits, "-" or "_"')

export const sourceConfigSchema = z.strictObject({
  id: sourceIdSchema,
  name: z.string().trim().min(1, 'a name is required').max(200),
  preset: z.enum(PRESET_IDS),
  enabled: z.boolean().default(true),
  url: z
    .string()
    .max(4096)
    .refine(isSourceUrl, 'must be a ws:// or wss:// URL (or sim:// for a built-in simulator)'),
  /** Where the event type is read in each event payload; absent: the preset's default. */
  eventTypePath: fieldPath.optional(),
  headers: z.record(headerName, headerValue).default({}),
  onOpen: z.array(onOpenMessageSchema).max(100).default([]),
})
export type SourceConfig = z.infer<typeof sourceConfigSchema>
/** What a user or script writes: defaults may be left out. */
export type SourceConfigInput = z.input<typeof sourceConfigSchema>

export const configSchema = z
  .strictObject({
    version: z.literal(CONFIG_VERSION),
    sources: z.array(sourceConfigSchema).max(500).default([]),
    // Trigger definitions arrive with the trigger engine; until then the list must stay empty.
    triggers: z.array(z.never()).max(0, 'triggers are not supported yet').default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>()
    config.sources.forEach((source, index) => {
      if (seen.has(source.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', index, 'id'],
          message: `duplicate source id "${source.id}"`,
        })
      }
      seen.add(source.id)
    })
  })
export type Config = z.infer<typeof configSchema>
export type ConfigInput = z.input<typeof configSchema>

export function emptyConfig(): Config {
  return { version: CONFIG_VERSION, sources: [], triggers: [] }
}

/** Flattens a schema library error into path + message pairs a user can act on. */
export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (path ? `${path}.${key}` : key))
      return {
        path: keys.join(', '),
        message: `unknown key${issue.keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`,
      }
    }
    return { path: path || '(root)', message: issue.message }
  })
}

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: Issue[] }

export function validateConfig(input: unknown): Validation<Config> {
  const parsed = configSchema.safeParse(input)
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: toIssues(parsed.error) }
}

export function validateSource(input: unknown): Validation<SourceConfig> {
  const parsed = sourceConfigSchema.safeParse(input)
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: toIssues(parsed.error) }
}
