/** Schema pieces the presets' option schemas share. */

import { z } from 'zod'
import { numberBounds } from './option-fields'

/** Milliseconds: 0 turns the feature off, anything else lies within [min, max]. */
export function durationOption(min: number, max: number) {
  const schema = z
    .number()
    .int()
    .max(max)
    .refine((ms) => ms === 0 || ms >= min, `use 0 (off) or at least ${min} ms`)
  // Its form field runs from 0 (off): the refinement above is not a bound a form can read.
  numberBounds.add(schema, { min: 0, max })
  return schema
}

/** A list of distinct items, at most `max` of them. */
export function listOption<T extends z.ZodType<string>>(item: T, max: number) {
  return z
    .array(item)
    .max(max)
    .refine((list) => new Set(list).size === list.length, 'the list repeats a value')
}

/** An absolute ws:// or wss:// host such as `pi.example.com` or `10.0.0.5:8443`. */
export const hostOption = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(
    /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/,
    'a host name, optionally with :port',
  )
