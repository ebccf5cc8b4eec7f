/**
 * Argument schemas for every invoke channel. The bridges validate each call against these before a
 * service sees it, so a hostile or buggy caller gets `invalid-argument` with the problems listed.
 * The `satisfies` clause keeps each schema's input type equal to the contract's parameters.
 */

import { z } from 'zod'
import { configSchema } from './config'
import { catalogueQuerySchema } from './catalogue'
import { epochMsSchema, exportRequestSchema, searchTextSchema } from './history'
import { replayRequestSchema } from './recording'
import { sourceConfigSchema, sourceIdSchema } from './source-config'
import type { InvokeArgs, InvokeChannel } from './ipc'

const eventQuerySchema = z.strictObject({
  source: sourceIdSchema.optional(),
  type: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
  from: epochMsSchema.optional(),
  to: epochMsSchema.optional(),
  q: searchTextSchema.optional(),
  before: z.number().int().min(1).optional(),
})

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
  'event:search': z.tuple([eventQuerySchema]),
  'history:export': z.tuple([exportRequestSchema]),
  'config:export': z.tuple([]),
  // Checked by the handler, which migrates an older version before validating.
  'config:preview-import': z.tuple([z.unknown()]),
  'config:import': z.tuple([z.unknown()]),
  'recording:start': z.tuple([sourceIdSchema]),
  'recording:stop': z.tuple([sourceIdSchema]),
  'recording:list': z.tuple([]),
  'recording:replay': z.tuple([replayRequestSchema]),
  'catalogue:get': z.tuple([catalogueQuerySchema]),
} satisfies { [K in InvokeChannel]: z.ZodType<unknown, InvokeArgs<K>> }

/** The arguments a handler receives: validated, with defaults filled in. */
export type ValidInvokeArgs<K extends InvokeChannel> = z.output<(typeof invokeArgSchemas)[K]>
