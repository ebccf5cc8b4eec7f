/**
 * The builder's draft: a trigger in config v1 shape with every key written out (the schema's
 * defaults filled in), so each section edits plain values. It may be unfinished (an empty field, a
 * bad pattern); the shared schema says what is wrong and where before it is saved.
 *
 * The hand-off from Live events is a fixed route contract (see UI-NOTES):
 * `#/triggers/new?source=<id>&type=<type>&field=<path>&op=<op>&value=<JSON>&event=<id>`, all
 * optional (`event`, the event clicked in, is read by `parseLaunchEvent`, for previews).
 */

import {
  OPERATORS,
  type Condition,
  type ConditionLeaf,
  type Operator,
} from '../../shared/conditions/schema'
import type { TriggerDraft } from '../../shared/trigger-config'
import type { DefaultNoise } from '../../shared/trigger-noise'
import type { TriggerView } from '../../shared/trigger-views'
import { notifyTextFor, type SourceName } from './default-text'
import { OPERATOR_LABELS, valueRule, withOperator } from './operator-choice'

export type Draft = TriggerDraft

export interface Handoff {
  source?: string
  type?: string
  field?: string
  op?: Operator
  value?: ConditionLeaf['value']
}

type Query = Record<string, unknown>

function one(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first !== '' ? first : undefined
}

/** Reads the hand-off query; a value that is not JSON is taken as the text it is. */
export function parseHandoff(query: Query): Handoff {
  const handoff: Handoff = {}
  const source = one(query.source)
  const type = one(query.type)
  const field = one(query.field)
  const op = one(query.op)
  const raw = one(query.value)
  if (source) handoff.source = source
  if (type) handoff.type = type
  if (field) handoff.field = field
  if (op && (OPERATORS as readonly string[]).includes(op)) handoff.op = op as Operator
  if (raw !== undefined) {
    try {
      handoff.value = JSON.parse(raw) as ConditionLeaf['value']
    } catch {
      handoff.value = raw
    }
  }
  return handoff
}

/** The hand-off's `event`: the event the builder opened from, with where to look for it. */
export function parseLaunchEvent(
  query: Query,
): { id: number; source?: string; type?: string } | null {
  const id = Number(one(query.event))
  if (!Number.isSafeInteger(id) || id < 0) return null
  const source = one(query.source)
  const type = one(query.type)
  return { id, ...(source ? { source } : {}), ...(type ? { type } : {}) }
}

/** The leaf a hand-off describes, shaped to its operator (`eq` when none was given). */
export function handoffLeaf(handoff: Handoff): ConditionLeaf | null {
  const field = handoff.field
  if (!field) return null
  const op = handoff.op ?? 'eq'
  if (valueRule(op) === 'none') return { field, op }
  const value = handoff.value
  if (value !== undefined && fits(op, value)) return { field, op, value }
  // A value of another shape (`"5"` for `in`) is reshaped the way an operator change would.
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value)
  const start = isObject ? JSON.stringify(value) : (value ?? '')
  return withOperator({ field, op: 'eq', value: start }, op)
}

function fits(op: Operator, value: unknown): boolean {
  switch (valueRule(op)) {
    case 'scalar':
      return value === null || ['string', 'number', 'boolean'].includes(typeof value)
    case 'list':
      return Array.isArray(value) && value.length > 0
    case 'string':
    case 'regex':
      return typeof value === 'string'
    case 'number':
      return typeof value === 'number'
    case 'range':
      return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')
    case 'none':
      return value === undefined
  }
}

function leafName(leaf: ConditionLeaf): string {
  const field = leaf.field.replace(/^payload\./, '')
  const value = leaf.value === undefined ? '' : ` ${JSON.stringify(leaf.value)}`
  return `${field} ${OPERATOR_LABELS[leaf.op]}${value}`
}

/**
 * A new trigger: the hand-off's source, type and condition, a notification whose text names the
 * source (by the name in `sources`) and the condition's fields, and the noise control new triggers
 * start with (Settings, `preferences.triggers.noise`).
 */
export function newDraft(
  handoff: Handoff = {},
  noise: DefaultNoise = { quietHours: [] },
  sources: readonly SourceName[] = [],
): Draft {
  const leaf = handoffLeaf(handoff)
  const condition: Condition = { all: leaf ? [leaf] : [] }
  const name = [handoff.type, leaf ? `where ${leafName(leaf)}` : '']
    .filter(Boolean)
    .join(' ')
    .slice(0, 200)
  const scope = {
    sources: handoff.source ? [handoff.source] : [],
    events: handoff.type ? [handoff.type] : [],
    condition,
    mode: 'every' as const,
  }
  return {
    id: '',
    name: name || 'New trigger',
    enabled: true,
    ...scope,
    actions: [{ type: 'notify', ...notifyTextFor(scope, sources), urgency: 'normal' }],
    noise: structuredClone(noise),
  }
}

/** A saved trigger as a draft: its config keys without the running numbers. */
export function draftFromView(view: TriggerView): Draft {
  const { counters: _c, spent: _s, actionFailures: _a, lastActionFailure: _l, ...config } = view
  return structuredClone(config)
}

/** An id from a name: `Battle rank 100!` becomes `battle-rank-100`, unique among `taken`. */
export function idFromName(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '') // accents split off by NFKD: é becomes e
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56)
      .replace(/-+$/, '') || 'trigger'
  const start = /^[a-z0-9]/.test(base) ? base : `t-${base}`
  if (!taken.has(start)) return start
  for (let n = 2; ; n++) {
    const candidate = `${start}-${n}`
    if (!taken.has(candidate)) return candidate
  }
}

/** Updates one key of the draft, returning a new draft. */
export function withKey<K extends keyof Draft>(draft: Draft, key: K, value: Draft[K]): Draft {
  return { ...draft, [key]: value }
}
