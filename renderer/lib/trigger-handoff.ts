/**
 * "New trigger where <path> <op> <value>": the hand-off from a clicked value in a live event to the
 * trigger builder. The route is a fixed contract between the two pages (see UI-NOTES):
 * `#/triggers/new?source=&type=&field=&op=&value=<JSON>&event=<id>`, every parameter optional;
 * `event` is the event the value was clicked in, which the builder previews templates with.
 */

import type { RouteLocationRaw } from 'vue-router'
import type { VigilEvent } from '../../shared/domain'
import { kindOf } from './json-tree'

/** The operators offered from a clicked value; the builder has the full list. */
export const HANDOFF_OPS = ['eq', 'neq', 'contains', 'gt', 'lt', 'exists'] as const
export type HandoffOp = (typeof HANDOFF_OPS)[number]

export const HANDOFF_OP_LABELS: Record<HandoffOp, string> = {
  eq: 'equals',
  neq: 'does not equal',
  contains: 'contains',
  gt: 'is greater than',
  lt: 'is less than',
  exists: 'exists',
}

/** Equality for values a condition can compare; presence for containers and nulls. */
export function defaultOp(value: unknown): HandoffOp {
  const kind = kindOf(value)
  return kind === 'string' || kind === 'number' || kind === 'boolean' ? 'eq' : 'exists'
}

/** The operators that make sense for a value of this kind. */
export function opsFor(value: unknown): HandoffOp[] {
  switch (kindOf(value)) {
    case 'string':
      return ['eq', 'neq', 'contains', 'gt', 'lt', 'exists']
    case 'number':
      return ['eq', 'neq', 'gt', 'lt', 'exists']
    case 'boolean':
      return ['eq', 'neq', 'exists']
    default:
      return ['exists']
  }
}

export interface HandoffDraft {
  event: Pick<VigilEvent, 'sourceId' | 'type'> & Partial<Pick<VigilEvent, 'id'>>
  field: string
  op: HandoffOp
  value: unknown
}

export function handoffRoute({ event, field, op, value }: HandoffDraft): RouteLocationRaw {
  const query: Record<string, string> = { source: event.sourceId, type: event.type, field, op }
  if (op !== 'exists') query.value = JSON.stringify(value)
  if (event.id !== undefined) query.event = String(event.id)
  return { path: '/triggers/new', query }
}

/** The words on the button: `New trigger where payload.x equals "5"`. */
export function handoffLabel(field: string, op: HandoffOp, value: unknown): string {
  const head = `New trigger where ${field} ${HANDOFF_OP_LABELS[op]}`
  return op === 'exists' ? head : `${head} ${JSON.stringify(value)}`
}
