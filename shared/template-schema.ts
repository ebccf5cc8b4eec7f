/**
 * A config string that is a template (see templates.ts): parsed when the config is validated, so
 * a bad placeholder is reported at its own path rather than when the action runs.
 */

import { z } from 'zod'
import { parseTemplate, type TemplateOptions } from './templates'

export function templateSchema(max: number, options: TemplateOptions = {}) {
  return z
    .string()
    .max(max)
    .superRefine((text, ctx) => {
      const parsed = parseTemplate(text, options)
      if (!parsed.ok)
        ctx.addIssue({ code: 'custom', message: `invalid template: ${parsed.message}` })
    })
}
