/**
 * Config format v1: one versioned JSON document for settings, import and export. Its keys are a
 * public interface (scripts and checks outside the repo rely on them): change them only with a
 * version bump, a migration and a README note. Unknown keys are errors, never silently dropped.
 */

import { z } from 'zod'
import { validateWith, type Validation } from './schema-kit'
import { preferencesSchema } from './preferences'
import { sourceConfigSchema } from './source-config'

export const CONFIG_VERSION = 1

export const configSchema = z
  .strictObject({
    version: z.literal(CONFIG_VERSION),
    sources: z.array(sourceConfigSchema).max(500).default([]),
    // Trigger definitions arrive with the trigger engine; until then the list must stay empty.
    triggers: z.array(z.never()).max(0, 'triggers are not supported yet').default([]),
    /** Optional: absent means every default (see preferences.ts). */
    preferences: preferencesSchema.optional(),
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

export function validateConfig(input: unknown): Validation<Config> {
  return validateWith(configSchema, input)
}
