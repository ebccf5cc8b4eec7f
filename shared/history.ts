/**
 * History as the contract and REST see it: event search pages and exports. The engine keeps
 * history in SQLite (main/services/history); these shapes are all a caller ever sees of it.
 */

import { z } from 'zod'
import { sourceIdSchema } from './source-config'
import type { VigilEvent } from './domain'

/** A point in time as epoch milliseconds. */
export const epochMsSchema = z.number().int().min(0).max(8.64e15)
/** Free text searched for in payloads (`%` and `_` are literal characters, not wildcards). */
export const searchTextSchema = z.string().min(1).max(500)

/** One page of a search, newest first; pass `next` as `before` for the following page. */
export interface EventPage {
  events: VigilEvent[]
  /** Null when this page is the last one. */
  next: number | null
}

export const EXPORT_KINDS = ['events', 'notifications'] as const
export type ExportKind = (typeof EXPORT_KINDS)[number]
export const EXPORT_FORMATS = ['jsonl', 'csv'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** What to export: every stored row of a kind, oldest first, narrowed by the filters given. */
export const exportRequestSchema = z
  .strictObject({
    kind: z.enum(EXPORT_KINDS),
    format: z.enum(EXPORT_FORMATS),
    source: sourceIdSchema.optional(),
    from: epochMsSchema.optional(),
    to: epochMsSchema.optional(),
    /** Events only. */
    type: z.string().max(500).optional(),
    /** Events only. */
    q: searchTextSchema.optional(),
    /** Notifications only. */
    trigger: z.string().max(200).optional(),
  })
  .superRefine((request, ctx) => {
    const misplaced =
      request.kind === 'events'
        ? request.trigger !== undefined && 'trigger'
        : (request.type !== undefined && 'type') || (request.q !== undefined && 'q')
    if (misplaced) {
      ctx.addIssue({
        code: 'custom',
        path: [misplaced],
        message: `"${misplaced}" does not apply to ${request.kind}`,
      })
    }
  })
export type ExportRequest = z.infer<typeof exportRequestSchema>

/** An export written to a file. */
export interface ExportResult {
  path: string
  rows: number
  bytes: number
}
