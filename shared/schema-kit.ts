/** Building blocks shared by the config and contract schemas, and the issue format they report. */

import { z } from 'zod'
import { parseFieldPath } from './field-path'
import type { Issue } from './result'

/** A field path (see field-path.ts), rejected with the parser's message when malformed. */
export const fieldPathSchema = z
  .string()
  .max(500)
  .superRefine((text, ctx) => {
    const parsed = parseFieldPath(text)
    if (!parsed.ok)
      ctx.addIssue({ code: 'custom', message: `invalid field path: ${parsed.message}` })
  })

/** Flattens a schema library error into path + message pairs a user can act on. */
/**
 * An RFC 7230 token (header names, websocket subprotocols): a name outside these characters
 * would make a handshake or request throw.
 */
export function httpTokenSchema(message: string) {
  return z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, message)
}

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

/** Runs a schema and answers with the value or every problem, never throwing. */
export function validateWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
): Validation<z.output<S>> {
  const parsed = schema.safeParse(input)
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: toIssues(parsed.error) }
}
