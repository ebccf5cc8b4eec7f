/**
 * Argument schemas for every invoke channel. The bridges validate each call against these before a
 * service sees it, so a hostile or buggy caller gets `invalid-argument` with the problems listed.
 * The `satisfies` clause keeps each schema's input type equal to the contract's parameters.
 */

import { z } from 'zod'
import { configSchema } from './config'
import { desktopClusterSettingsSchema } from './cluster-settings'
import { catalogueQuerySchema } from './catalogue'
import { epochMsSchema, exportRequestSchema, searchTextSchema } from './history'
import { replayRequestSchema } from './recording'
import { sourceConfigSchema, sourceIdSchema } from './source-config'
import { secretRefSchema } from './source-settings'
import { secretValueSchema } from './secret-ref'
import { sourceTestRequestSchema } from './source-test'
import type { InvokeArgs, InvokeChannel } from './ipc'
import { triggerConfigSchema, triggerDraftSchema, triggerIdSchema } from './trigger-config'

const eventQuerySchema = z.strictObject({
  source: sourceIdSchema.optional(),
  type: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
  from: epochMsSchema.optional(),
  to: epochMsSchema.optional(),
  q: searchTextSchema.optional(),
  before: z.number().int().min(1).optional(),
})

/** What `source:send` may carry; the same bound as an on-open message. */
export const sendTextSchema = z.string().min(1, 'nothing to send').max(1_000_000)
const notificationQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(10_000).optional(),
  beforeId: z.number().int().min(1).optional(),
  triggerId: triggerIdSchema.optional(),
  sourceId: z.string().max(64).optional(),
  unreadOnly: z.boolean().optional(),
})

/** Notification ids a mark-read or mark-unread call names (REST takes them as `{"ids"}`). */
export const notificationIdsSchema = z.array(z.number().int().min(1)).max(10_000)
const unreadCountQuerySchema = notificationQuerySchema.pick({ triggerId: true, sourceId: true })

/** `trigger:snooze`'s time: epoch ms, or null to end the snooze (REST takes it as `{"until"}`). */
export const snoozeUntilSchema = z.number().int().min(0).nullable()

/** How many buffered events a backtest may run over. */
export const MAX_BACKTEST_EVENTS = 10_000

/** `trigger:backtest`'s options (see BacktestOptions); REST takes the same keys in its body. */
export const backtestOptionsSchema = z.strictObject({
  ignoreSnoozeAndQuietHours: z.boolean().optional(),
})

export const invokeArgSchemas = {
  'app:info': z.tuple([]),
  'source:list': z.tuple([]),
  'source:save': z.tuple([sourceConfigSchema]),
  'source:remove': z.tuple([sourceIdSchema]),
  'source:connect': z.tuple([sourceIdSchema]),
  'source:disconnect': z.tuple([sourceIdSchema]),
  'source:retry': z.tuple([sourceIdSchema]),
  'source:timeline': z.tuple([sourceIdSchema]),
  'source:test': z.tuple([sourceTestRequestSchema]),
  'event:recent': z.tuple([eventQuerySchema]),
  'config:get': z.tuple([]),
  'config:replace': z.tuple([configSchema]),
  'source:send': z.tuple([sourceIdSchema, sendTextSchema]),
  'secret:set': z.tuple([secretRefSchema, secretValueSchema]),
  'secret:delete': z.tuple([secretRefSchema]),
  'secret:list': z.tuple([]),
  'source:pause-all': z.tuple([]),
  'source:resume-all': z.tuple([]),
  'trigger:list': z.tuple([]),
  'trigger:save': z.tuple([triggerConfigSchema]),
  'trigger:remove': z.tuple([triggerIdSchema]),
  'trigger:backtest': z.tuple([
    triggerDraftSchema,
    z.number().int().min(1).max(MAX_BACKTEST_EVENTS),
    backtestOptionsSchema.optional(),
  ]),
  'trigger:near-misses': z.tuple([triggerIdSchema]),
  'trigger:near-miss-report': z.tuple([triggerIdSchema]),
  'trigger:snooze': z.tuple([triggerIdSchema, snoozeUntilSchema]),
  'trigger:set-enabled': z.tuple([triggerIdSchema, z.boolean()]),
  'notification:list': z.tuple([notificationQuerySchema]),
  'notification:mark-read': z.tuple([z.union([notificationIdsSchema, z.literal('all')])]),
  'notification:mark-unread': z.tuple([notificationIdsSchema]),
  'notification:unread-count': z.tuple([unreadCountQuerySchema.optional()]),
  'event:search': z.tuple([eventQuerySchema]),
  'history:export': z.tuple([exportRequestSchema]),
  'config:export': z.tuple([]),
  // Checked by the handler, which migrates an older version before validating.
  'config:preview-import': z.tuple([z.unknown()]),
  'config:import': z.tuple([
    z.unknown(),
    z
      .strictObject({
        expectedVersion: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
      })
      .partial()
      .optional(),
  ]),
  'recording:start': z.tuple([sourceIdSchema]),
  'recording:stop': z.tuple([sourceIdSchema]),
  'recording:list': z.tuple([]),
  'recording:replay': z.tuple([replayRequestSchema]),
  'catalogue:get': z.tuple([catalogueQuerySchema]),
  'preset:list': z.tuple([]),
  'history:status': z.tuple([]),
  'cluster:status': z.tuple([]),
  'cluster:settings': z.tuple([]),
  'cluster:save-settings': z.tuple([desktopClusterSettingsSchema]),
  'file:take-opened': z.tuple([z.string().regex(/^[0-9a-f]{32}$/, 'not an opened-file token')]),
} satisfies { [K in InvokeChannel]: z.ZodType<unknown, InvokeArgs<K>> }

/** The arguments a handler receives: validated, with defaults filled in. */
export type ValidInvokeArgs<K extends InvokeChannel> = z.output<(typeof invokeArgSchemas)[K]>
