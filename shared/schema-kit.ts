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

/**
 * An RFC 7230 token (header names, websocket subprotocols): a name outside these characters
 * would make a handshake or request throw.
 */
export function httpTokenSchema(message: string) {
  return z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, message)
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

/** Deeper than any real input (a trigger's condition tree or a webhook body is a few levels). */
export const MAX_NESTING = 64
/** Far more arrays, objects and values than any real input holds. */
export const MAX_VALUES = 1_000_000

/**
 * What is wrong with the shape of an input, if anything, before a schema sees it: schemas recurse,
 * so input nested a hundred thousand levels deep would exhaust the stack inside them, and a value
 * reaching the same object many times over (possible through structured clone) would make them
 * walk it exponentially often. Iterative, and it stops as soon as a limit is passed.
 */
export function shapeProblem(value: unknown): Issue | undefined {
  const stack: [unknown, number][] = [[value, 0]]
  let visited = 0
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!
    if (++visited > MAX_VALUES)
      return { path: '(root)', message: `holds more than ${MAX_VALUES} values` }
    if (item === null || typeof item !== 'object') continue
    if (depth >= MAX_NESTING)
      return { path: '(root)', message: `nested more than ${MAX_NESTING} levels deep` }
    for (const child of Array.isArray(item) ? item : Object.values(item))
      stack.push([child, depth + 1])
  }
  return undefined
}

/** How a caller names the paths of what it checked (an argument list, one part of a document). */
export type IssuePaths = (path: string) => string

const asIs: IssuePaths = (path) => path

/**
 * Runs a schema over input whose shape is already known to be safe (see `shapeProblem`): the
 * value, or every problem as the project's issues, each path as `paths` names it. This and
 * `validateWith` are the one way a schema's failure becomes an issue list, in the engine, the
 * REST API and the forms alike.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  paths: IssuePaths = asIs,
): Validation<z.output<S>> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return { ok: true, value: parsed.data }
  const issues = toIssues(parsed.error)
  return {
    ok: false,
    issues:
      paths === asIs ? issues : issues.map((issue) => ({ ...issue, path: paths(issue.path) })),
  }
}

/** Checks the input's shape, then runs the schema (`parseWith`): never throwing. */
export function validateWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  paths: IssuePaths = asIs,
): Validation<z.output<S>> {
  const problem = shapeProblem(input)
  if (problem) return { ok: false, issues: [problem] }
  return parseWith(schema, input, paths)
}

/** Issues as one line of text, for an error message or the log: `path: message; ...`. */
export function issuesText(issues: readonly Issue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
}
