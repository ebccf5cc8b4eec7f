/**
 * The condition language of triggers: `all` / `any` / `not` groups over leaves
 * `{ "field", "op", "value" }`. The schema checks everything that can be checked before an event
 * arrives (operator names, value shapes per operator, field paths, regular expressions) and
 * reports each problem at the path of the bad leaf, e.g. `condition.all.1.value`.
 */

import { z } from 'zod'
import { parseEventPath } from './event-path'
import { patternProblem } from './safe-pattern'

export const OPERATORS = [
  'eq',
  'neq',
  'in',
  'not-in',
  'contains',
  'starts-with',
  'ends-with',
  'matches',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'exists',
  'missing',
  'is-true',
  'is-false',
  'changed',
] as const
export type Operator = (typeof OPERATORS)[number]

export type Scalar = string | number | boolean | null

export interface ConditionLeaf {
  field: string
  op: Operator
  /** Per operator: a scalar, a list, a string, a number, or `[min, max]`; absent for the rest. */
  value?: Scalar | Scalar[] | [number, number]
  /** `matches` only: flags out of `i`, `m`, `s`, `u`, `v` (see safe-pattern for what each does). */
  flags?: string
  /** `changed` only: the field that identifies "the same thing" (e.g. `payload.character_id`). */
  key?: string
}
export interface AllGroup {
  all: Condition[]
}
export interface AnyGroup {
  any: Condition[]
}
export interface NotGroup {
  not: Condition
}
export type Condition = ConditionLeaf | AllGroup | AnyGroup | NotGroup

/** What each operator expects in `value`. */
type ValueRule = 'scalar' | 'list' | 'string' | 'regex' | 'number' | 'range' | 'none'

export const OPERATOR_VALUES: Readonly<Record<Operator, ValueRule>> = {
  eq: 'scalar',
  neq: 'scalar',
  in: 'list',
  'not-in': 'list',
  contains: 'string',
  'starts-with': 'string',
  'ends-with': 'string',
  matches: 'regex',
  gt: 'number',
  gte: 'number',
  lt: 'number',
  lte: 'number',
  between: 'range',
  exists: 'none',
  missing: 'none',
  'is-true': 'none',
  'is-false': 'none',
  changed: 'none',
}

export const MAX_CONDITION_DEPTH = 16
const MAX_CHILDREN = 200
const MAX_LIST = 1_000
const MAX_TEXT = 1_000

const scalar = z.union([z.string().max(MAX_TEXT), z.number(), z.boolean(), z.null()])
const finite = z.number().refine(Number.isFinite, 'must be a finite number')
const valueSchemas: Record<Exclude<ValueRule, 'none'>, z.ZodType> = {
  scalar,
  list: z.array(scalar).min(1, 'list at least one value').max(MAX_LIST),
  string: z.string().max(MAX_TEXT),
  regex: z.string().min(1, 'a pattern is required').max(MAX_TEXT),
  number: finite,
  range: z
    .tuple([finite, finite])
    .refine(([min, max]) => min <= max, 'write [min, max] with min <= max'),
}

const isPatternSized = (pattern: string) => pattern.length > 0 && pattern.length <= MAX_TEXT

const fieldSchema = z
  .string()
  .max(500)
  .superRefine((text, ctx) => {
    const parsed = parseEventPath(text)
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `invalid field: ${parsed.message}` })
  })

const leafSchema = z
  .strictObject({
    field: fieldSchema,
    op: z.enum(OPERATORS, { error: `unknown operator; use one of ${OPERATORS.join(', ')}` }),
    value: z.unknown().optional(),
    flags: z.string().max(8).optional(),
    key: fieldSchema.optional(),
  })
  .superRefine((leaf, ctx) => {
    const rule = OPERATOR_VALUES[leaf.op]
    if (rule === 'none') {
      if (leaf.value !== undefined)
        ctx.addIssue({ code: 'custom', path: ['value'], message: `${leaf.op} takes no value` })
    } else if (leaf.value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${leaf.op} needs a value` })
    } else {
      const checked = valueSchemas[rule].safeParse(leaf.value)
      if (!checked.success) {
        for (const issue of checked.error.issues)
          ctx.addIssue({ code: 'custom', path: ['value', ...issue.path], message: issue.message })
      }
    }
    if (leaf.flags !== undefined && leaf.op !== 'matches')
      ctx.addIssue({ code: 'custom', path: ['flags'], message: 'flags apply to matches only' })
    if (leaf.key !== undefined && leaf.op !== 'changed')
      ctx.addIssue({ code: 'custom', path: ['key'], message: 'key applies to changed only' })
    // A pattern is judged as it will run (safe-pattern): flags and syntax here; what only the
    // linear-time engine refuses is the trigger's to judge (enabled triggers cannot keep it, see
    // unrunnablePatterns). An empty or over-long one is already reported above.
    const pattern = leaf.value
    if (leaf.op === 'matches' && typeof pattern === 'string' && isPatternSized(pattern)) {
      const problem = patternProblem(pattern, leaf.flags)
      if (problem && !problem.engine)
        ctx.addIssue({ code: 'custom', path: [problem.key], message: problem.message })
    }
  })

type Ctx = z.core.$RefinementCtx

function childList(
  key: 'all' | 'any',
  input: Record<string, unknown>,
  ctx: Ctx,
  path: (string | number)[],
  depth: number,
) {
  const items = input[key]
  const at = [...path, key]
  if (!Array.isArray(items)) {
    ctx.addIssue({ code: 'custom', path: at, message: `${key} must be a list of conditions` })
    return
  }
  if (items.length > MAX_CHILDREN)
    ctx.addIssue({ code: 'custom', path: at, message: `at most ${MAX_CHILDREN} conditions` })
  items.forEach((item, index) => check(item, ctx, [...at, index], depth + 1))
}

/** Checks one node and reports problems at `path` (relative to the condition). */
function check(input: unknown, ctx: Ctx, path: (string | number)[], depth: number): void {
  if (depth > MAX_CONDITION_DEPTH) {
    ctx.addIssue({ code: 'custom', path, message: `nested deeper than ${MAX_CONDITION_DEPTH}` })
    return
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    ctx.addIssue({ code: 'custom', path, message: 'a condition is an object' })
    return
  }
  const node = input as Record<string, unknown>
  const group = ['all', 'any', 'not'].filter((key) => key in node)
  if (group.length > 0) {
    const extra = Object.keys(node).filter((key) => key !== group[0])
    if (group.length > 1 || extra.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `a group has exactly one key (all, any or not); found ${Object.keys(node).join(', ')}`,
      })
      return
    }
    if (group[0] === 'not') check(node.not, ctx, [...path, 'not'], depth + 1)
    else childList(group[0] as 'all' | 'any', node, ctx, path, depth)
    return
  }
  const parsed = leafSchema.safeParse(node)
  if (parsed.success) return
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        ctx.addIssue({ code: 'custom', path: [...path, key], message: `unknown key: ${key}` })
    } else {
      ctx.addIssue({ code: 'custom', path: [...path, ...issue.path], message: issue.message })
    }
  }
}

/**
 * A condition tree. Written by hand rather than as a zod union so that a mistake deep in the tree
 * is reported at its own path instead of as "no union member matched" at the root.
 */
export const conditionSchema = z
  .custom<Condition>(() => true)
  .superRefine((input, ctx) => check(input, ctx, [], 0)) as unknown as z.ZodType<
  Condition,
  Condition
>

/** Always true: the condition of a trigger that fires on every event of its types. */
export const ALWAYS: Condition = { all: [] }

export function isLeaf(condition: Condition): condition is ConditionLeaf {
  return 'op' in condition
}

/** A `matches` leaf whose pattern only the linear-time engine refuses, and where it is. */
export interface UnrunnablePattern {
  /** Relative to the condition, down to the leaf key (`all.1.value`). */
  path: (string | number)[]
  message: string
}

/**
 * The patterns in a (schema-checked) condition that the linear-time engine cannot run. A trigger
 * holding one is refused unless it is disabled: it could never match.
 */
export function unrunnablePatterns(
  condition: Condition,
  path: (string | number)[] = [],
): UnrunnablePattern[] {
  if ('all' in condition)
    return condition.all.flatMap((child, i) => unrunnablePatterns(child, [...path, 'all', i]))
  if ('any' in condition)
    return condition.any.flatMap((child, i) => unrunnablePatterns(child, [...path, 'any', i]))
  if ('not' in condition) return unrunnablePatterns(condition.not, [...path, 'not'])
  if (condition.op !== 'matches' || typeof condition.value !== 'string') return []
  const problem = patternProblem(condition.value, condition.flags)
  return problem?.engine ? [{ path: [...path, problem.key], message: problem.message }] : []
}
