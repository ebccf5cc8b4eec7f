/**
 * Config format v1: one versioned JSON document for settings, import and export. Its keys are a
 * public interface (scripts and checks outside the repo rely on them): change them only with a
 * version bump, a migration and a note in docs/config.md. Unknown keys are errors, never silently dropped.
 */

import { z } from 'zod'
import { validateWith, type Validation } from './schema-kit'
import { preferencesSchema } from './preferences'
import { sourceConfigSchema } from './source-config'
import { VIGIL_SOURCE_ID } from './source-ids'
import { checkTriggerReferences, triggerConfigSchema } from './trigger-config'

export const CONFIG_VERSION = 1

export const configSchema = z
  .strictObject({
    version: z.literal(CONFIG_VERSION),
    sources: z.array(sourceConfigSchema).max(500).default([]),
    triggers: z.array(triggerConfigSchema).max(1_000).default([]),
    // How the app behaves rather than what it watches; each part has its own schema module.
    preferences: preferencesSchema.prefault({}),
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
      if (source.id === VIGIL_SOURCE_ID) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', index, 'id'],
          message: `"${VIGIL_SOURCE_ID}" is reserved for Vigil's own alerts`,
        })
      }
    })
    checkTriggerReferences(config.triggers, seen, ctx)
  })
export type Config = z.infer<typeof configSchema>
export type ConfigInput = z.input<typeof configSchema>

export function emptyConfig(): Config {
  return configSchema.parse({ version: CONFIG_VERSION })
}

export function validateConfig(input: unknown): Validation<Config> {
  return validateWith(configSchema, input)
}
