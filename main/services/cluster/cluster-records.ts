/**
 * The small JSON records Vigil keeps in its KV buckets, with the schemas every reader checks them
 * against: whatever is on the server may have been written by another version, another program
 * or an attacker with access to the account, so nothing is trusted for its shape.
 */

import type { KvEntry } from '@nats-io/kv'
import { z } from 'zod'
import { sourceIdSchema } from '../../../shared/source-config'
import { NODE_NAME } from './cluster-options'

/** Far larger than any record Vigil writes; a larger value is refused unread. */
const MAX_RECORD_BYTES = 4_096

const nodeNameSchema = z.string().regex(NODE_NAME)
/** A random id per run of a node: tells a restarted node from the one it replaces. */
const instanceSchema = z.string().min(1).max(64)

export const memberRecordSchema = z.strictObject({
  name: nodeNameSchema,
  role: z.enum(['member', 'viewer']),
  since: z.number().int().min(0),
  instance: instanceSchema,
})
export type MemberRecord = z.infer<typeof memberRecordSchema>

export const leaseRecordSchema = z.strictObject({
  sourceId: sourceIdSchema,
  holder: nodeNameSchema,
  instance: instanceSchema,
})
export type LeaseRecord = z.infer<typeof leaseRecordSchema>

export const readRecordSchema = z.strictObject({
  read: z.boolean(),
  /** For the `all` key: every notification fired up to this time is read. */
  upTo: z.number().int().min(0).optional(),
})
export type ReadRecord = z.infer<typeof readRecordSchema>

/** Decodes an entry's JSON value against `schema`; null for anything else. */
export function decodeRecord<T>(entry: KvEntry, schema: z.ZodType<T>): T | null {
  if (entry.length > MAX_RECORD_BYTES) return null
  let value: unknown
  try {
    value = entry.json()
  } catch {
    return null
  }
  const parsed = schema.safeParse(value)
  return parsed.success ? parsed.data : null
}
