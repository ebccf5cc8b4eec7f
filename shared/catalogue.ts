/**
 * The field catalogue: per source and event type, the field paths seen in payloads, with their
 * value types, a few sample values and how often they appear. The trigger builder autocompletes
 * from it, and `lastSeenAt` lets the UI flag a trigger whose field stopped appearing.
 */

import { z } from 'zod'
import { sourceIdSchema } from './source-config'

export type FieldValueType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array'
export type SampleValue = string | number | boolean | null

export interface CatalogueField {
  /** Path inside the payload, arrays as `*` (`Items.*.Value`); conditions prefix it `payload.`. */
  path: string
  types: FieldValueType[]
  /** A few distinct primitive values, long strings shortened. */
  samples: SampleValue[]
  /** Sampled events of the type that had this field: `seen / sampled` is how often it appears. */
  seen: number
  firstSeenAt: number
  lastSeenAt: number
}

export interface CatalogueEntry {
  sourceId: string
  type: string
  /** Every event of this type the catalogue was shown. */
  events: number
  /** Of those, the events whose fields were walked (every one at first, then a few a second). */
  sampled: number
  firstSeenAt: number
  lastSeenAt: number
  /** More field paths appeared than the catalogue keeps per type; later new paths are not listed. */
  truncated: boolean
  fields: CatalogueField[]
}

export const catalogueQuerySchema = z.strictObject({
  source: sourceIdSchema.optional(),
  type: z.string().max(500).optional(),
})
export type CatalogueQuery = z.infer<typeof catalogueQuerySchema>
