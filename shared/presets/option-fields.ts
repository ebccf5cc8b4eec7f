/**
 * A preset's form fields take each option's default and number bounds from its options schema,
 * so they are written once, in the schema, and the form cannot offer a default or a range the
 * engine would not use.
 */

import { z } from 'zod'
import type { FieldSpec } from '../preset-descriptor'

/** A form field as a preset writes it: what the schema says (default, bounds) is left out. */
export type FieldDraft<K extends string = string> = Omit<
  FieldSpec,
  'key' | 'default' | 'min' | 'max'
> & {
  key: K
}

/**
 * The bounds a form shows for a number option whose schema cannot state them as plain `min` and
 * `max` checks (a duration: 0, meaning off, or a range; see `durationOption`).
 */
export const numberBounds = z.registry<{ min: number; max: number }>()

/** The schema inside any `.default()` and `.optional()` wrappers. */
function innerType(schema: z.ZodType): z.ZodType {
  let inner = schema
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional)
    inner = inner.unwrap() as z.ZodType
  return inner
}

function isFieldDefault(value: unknown): value is NonNullable<FieldSpec['default']> {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string')
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

/** What the schema of one option says its field should show: its default and number bounds. */
function schemaFacts(schema: z.ZodType): Pick<FieldSpec, 'default' | 'min' | 'max'> {
  const facts: Pick<FieldSpec, 'default' | 'min' | 'max'> = {}
  const left = schema.safeParse(undefined)
  if (left.success && left.data !== undefined) {
    if (!isFieldDefault(left.data)) throw new Error('an option default a form cannot show')
    facts.default = left.data
  }
  const inner = innerType(schema)
  const bounds = numberBounds.get(inner)
  if (bounds) return { ...facts, ...bounds }
  if (inner instanceof z.ZodNumber) {
    if (inner.minValue !== null && inner.minValue > Number.MIN_SAFE_INTEGER)
      facts.min = inner.minValue
    if (inner.maxValue !== null && inner.maxValue < Number.MAX_SAFE_INTEGER)
      facts.max = inner.maxValue
  }
  return facts
}

/** The preset's form fields, each with its option's default and bounds from `schema`. */
export function optionFields<S extends z.ZodObject>(
  schema: S,
  fields: readonly FieldDraft<keyof S['shape'] & string>[],
): FieldSpec[] {
  return fields.map((field) => {
    const option = schema.shape[field.key] as z.ZodType
    return { ...field, ...schemaFacts(option) }
  })
}
