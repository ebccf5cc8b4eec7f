/**
 * Argument schemas for every invoke channel. The bridges validate each call against these before a
 * service sees it, so a hostile or buggy caller gets `invalid-argument` with the problems listed.
 * The `satisfies` clause keeps each schema's input type equal to the contract's parameters.
 */

import { z } from 'zod'
import { configSchema } from './config'
import { sourceConfigSchema, sourceIdSchema } from './source-config'
import { secretRefSchema } from './source-settings'
import type { InvokeArgs, InvokeChannel } from './ipc'

const eventQuerySchema = z.strictObject({
  source: sourceIdSchema.optional(),
  type: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
})

/** What `source:send` may carry; the same bound as an on-open message. */
export const sendTextSchema = z.string().min(1, 'nothing to send').max(1_000_000)
const secretValueSchema = z
  .string()
  .min(1, 'the secret is empty')
  .max(64 * 1024)

export const invokeArgSchemas = {
  'app:info': z.tuple([]),
  'source:list': z.tuple([]),
  'source:save': z.tuple([sourceConfigSchema]),
  'source:remove': z.tuple([sourceIdSchema]),
  'source:connect': z.tuple([sourceIdSchema]),
  'source:disconnect': z.tuple([sourceIdSchema]),
  'event:recent': z.tuple([eventQuerySchema]),
  'config:get': z.tuple([]),
  'config:replace': z.tuple([configSchema]),
  'source:send': z.tuple([sourceIdSchema, sendTextSchema]),
  'secret:set': z.tuple([secretRefSchema, secretValueSchema]),
  'secret:delete': z.tuple([secretRefSchema]),
  'secret:list': z.tuple([]),
  'source:pause-all': z.tuple([]),
  'source:resume-all': z.tuple([]),
  'preset:list': z.tuple([]),
} satisfies { [K in InvokeChannel]: z.ZodType<unknown, InvokeArgs<K>> }

/** The arguments a handler receives: validated, with defaults filled in. */
export type ValidInvokeArgs<K extends InvokeChannel> = z.output<(typeof invokeArgSchemas)[K]>
