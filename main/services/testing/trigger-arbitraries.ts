/**
 * fast-check generators of conditions, triggers and events for property tests of the trigger
 * engine. Values come from small pools chosen for the edges of the comparison rules (numbers as
 * Census's text, padded or signed numbers, booleans as 1/0 and text, null, -0, objects, lists),
 * so random triggers and events meet often. Test-only; never imported by production code.
 */

import fc from 'fast-check'
import type { Condition, ConditionLeaf, Operator, Scalar } from '../../../shared/conditions/schema'
import type { VigilEvent } from '../../../shared/domain'
import type { TriggerConfig } from '../../../shared/trigger-config'
import { trigger } from './trigger-fixtures'

export const SCALARS: readonly Scalar[] = [
  '17',
  '17.000000',
  ' 17 ',
  '+17',
  '1.7e1',
  17,
  0,
  -0,
  '0',
  '-0',
  1,
  '1',
  'true',
  'TRUE',
  true,
  false,
  'false',
  null,
  'x',
  '',
  '0x11',
  'Infinity',
  1e21,
  '1e+21',
  '7',
  7,
  '4',
]

/** Paths that read the same field two ways, a wildcard, a nested field and an event field. */
export const FIELDS = [
  'payload.a',
  'payload["a"]',
  'payload.b',
  'payload.list.*',
  'payload.n.x',
  'type',
  'payload.experience_id',
] as const

const scalar = fc.constantFrom(...SCALARS)
const field = fc.constantFrom(...FIELDS)

/** A leaf with one of `ops` on a random field, and a value from `value` (none if undefined). */
function leaf(
  ops: Operator | Operator[],
  value?: fc.Arbitrary<ConditionLeaf['value']>,
): fc.Arbitrary<ConditionLeaf> {
  const op = fc.constantFrom(...(Array.isArray(ops) ? ops : [ops]))
  return value === undefined ? fc.record({ field, op }) : fc.record({ field, op, value })
}

const list = (maxLength: number) => fc.array(scalar, { minLength: 1, maxLength })

const keyLeaf = fc.oneof(leaf('eq', scalar), leaf('in', list(4)))

const otherLeaf = fc.oneof(
  leaf('neq', scalar),
  leaf('not-in', list(3)),
  leaf(['contains', 'starts-with'], fc.constantFrom('1', '7', 'x', '')),
  leaf(['gt', 'lte'], fc.constantFrom(0, 1, 16.5, 17)),
  leaf('between', fc.constantFrom<[number, number]>([0, 17], [1, 1])),
  leaf(['exists', 'missing', 'is-true']),
  leaf('matches', fc.constantFrom('^1', '7$', 'x|1')),
)

const changedLeaf = fc.oneof(
  leaf('changed'),
  leaf('changed').map((changed) => ({ ...changed, key: 'payload.b' })),
)

/** An `any` of `eq`/`in` leaves on one field (keyed by the union of their values). */
const sameFieldAny: fc.Arbitrary<Condition> = field.chain((path) =>
  fc
    .array(
      fc.oneof(
        scalar.map((value): Condition => ({ field: path, op: 'eq', value })),
        fc
          .array(scalar, { minLength: 1, maxLength: 3 })
          .map((value): Condition => ({ field: path, op: 'in', value })),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((any) => ({ any })),
)

/** Conditions of up to three levels, leaning to the `eq`/`in` leaves the value index keys on. */
export const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'condition' },
    { arbitrary: keyLeaf, weight: 4 },
    { arbitrary: otherLeaf, weight: 2 },
    { arbitrary: changedLeaf, weight: 1 },
    { arbitrary: sameFieldAny, weight: 1 },
    {
      arbitrary: fc.array(tie('condition'), { maxLength: 3 }).map((all): Condition => ({ all })),
      weight: 3,
    },
    {
      arbitrary: fc.array(tie('condition'), { maxLength: 3 }).map((any): Condition => ({ any })),
      weight: 1,
    },
    { arbitrary: tie('condition').map((not): Condition => ({ not })), weight: 1 },
  ),
})).condition

export const EVENT_TYPES = ['Death', 'PlayerLogin', 'GainExperience'] as const
const SELECTORS = [
  'Death',
  'PlayerLogin',
  'GainExperience',
  'GainExperience_experience_id_7',
  'GainExperience_experience_id_4',
] as const

const noiseArb = fc.oneof(
  fc.constant({}),
  fc.constant({ maxPerMinute: 2 }),
  fc.constant({ cooldown: { seconds: 30 } }),
  fc.constant({ cooldown: { seconds: 30, key: '{{payload.b}}' } }),
  fc.constant({ dedupe: { seconds: 20 } }),
)

/** A trigger with the given id: random types (or every type), sources, noise and mode. */
export function triggerArb(id: string): fc.Arbitrary<TriggerConfig> {
  return fc
    .record({
      condition: conditionArb,
      events: fc.subarray([...SELECTORS], { maxLength: 3 }),
      sources: fc.constantFrom<string[]>([], ['ps2'], ['other'], ['ps2', 'other']),
      enabled: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
      noise: noiseArb,
      mode: fc.constantFrom('every' as const, 'every' as const, 'single-shot' as const),
    })
    .map((input) =>
      trigger({
        id,
        name: `Trigger ${id}`,
        ...input,
        actions: [{ type: 'notify', title: '{{payload.a}} {{payload.b}}' }],
      }),
    )
}

const payloadValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: scalar, weight: 6 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: fc.constant({ x: '17' }), weight: 1 },
  { arbitrary: fc.array(scalar, { maxLength: 2 }), weight: 1 },
)

/** An event without its id and time (the test numbers and times them). */
export interface EventDraft {
  sourceId: string
  type: string
  payload: Record<string, unknown>
  /** Milliseconds after the event before it. */
  gap: number
}

export const eventArb: fc.Arbitrary<EventDraft> = fc
  .record({
    sourceId: fc.constantFrom('ps2', 'ps2', 'other'),
    type: fc.constantFrom(...EVENT_TYPES),
    a: payloadValue,
    b: payloadValue,
    list: fc.oneof(fc.array(scalar, { maxLength: 3 }), payloadValue),
    n: fc.oneof(
      payloadValue,
      payloadValue.map((x) => ({ x })),
    ),
    experience: fc.constantFrom<unknown>('7', '4', '1', 7, undefined),
    gap: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 90_000 })),
  })
  .map(({ sourceId, type, gap, experience, ...fields }) => {
    const payload: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) payload[key] = value
    if (type === 'GainExperience' && experience !== undefined) payload.experience_id = experience
    return { sourceId, type, payload, gap }
  })

/** The event a draft stands for, numbered `id` and received at `at`. */
export function eventOf(draft: EventDraft, id: number, at: number): VigilEvent {
  return { id, sourceId: draft.sourceId, type: draft.type, receivedAt: at, payload: draft.payload }
}
