import { z } from 'zod'
import {
  backtestOptionsSchema,
  MAX_BACKTEST_EVENTS,
  snoozeUntilSchema,
} from '../../../shared/ipc-schemas'
import { triggerDraftSchema } from '../../../shared/trigger-config'
import { triggerId, withPathId } from './path-params'
import { requestPart } from './reply'
import { unchecked, type AnyRestRoute } from './rest-route'

/**
 * `trigger:backtest`'s arguments as one body: the draft, the limit, and its options' keys. Parsed
 * here whole, so one answer lists the problems of all three with their body paths.
 */
const backtestBody = z.strictObject({
  trigger: triggerDraftSchema,
  limit: z.number().int().min(1).max(MAX_BACKTEST_EVENTS).default(1_000),
  ...backtestOptionsSchema.shape,
})

const snoozeBody = z.strictObject({ until: snoozeUntilSchema })

/** Triggers: each route one contract channel (see rest-route.ts). */
export const triggerRoutes: AnyRestRoute[] = [
  { method: 'GET', path: '/api/triggers', channel: 'trigger:list' },
  {
    method: 'POST',
    path: '/api/triggers/backtest',
    channel: 'trigger:backtest',
    args: (request) => {
      const { trigger, limit, ...options } = requestPart(backtestBody, request.body)
      return [trigger, limit, options]
    },
  },
  /** Adds the trigger or replaces the one with this id (re-arming a single shot). */
  {
    method: 'PUT',
    path: '/api/triggers/:id',
    channel: 'trigger:save',
    args: (request) => [unchecked(withPathId(request.body, triggerId(request)))],
  },
  {
    method: 'DELETE',
    path: '/api/triggers/:id',
    channel: 'trigger:remove',
    args: (request) => [triggerId(request)],
    status: 204,
  },
  /** The near-misses and, per condition leaf, why they missed. */
  {
    method: 'GET',
    path: '/api/triggers/:id/near-misses',
    channel: 'trigger:near-miss-report',
    args: (request) => [triggerId(request)],
  },
  /** `{"until": <epoch ms> | null}`; null ends the snooze. */
  {
    method: 'POST',
    path: '/api/triggers/:id/snooze',
    channel: 'trigger:snooze',
    args: (request) => [triggerId(request), requestPart(snoozeBody, request.body ?? {}).until],
  },
  {
    method: 'POST',
    path: '/api/triggers/:id/enable',
    channel: 'trigger:set-enabled',
    args: (request) => [triggerId(request), true],
  },
  {
    method: 'POST',
    path: '/api/triggers/:id/disable',
    channel: 'trigger:set-enabled',
    args: (request) => [triggerId(request), false],
  },
]
