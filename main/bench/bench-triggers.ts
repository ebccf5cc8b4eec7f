/**
 * The benchmark's 100 triggers: ten per event type over ten types (the simulator's seven plus three
 * `GainExperience_experience_id_<id>` names), each with a different mix of operators, a notify
 * action, and (for two in three) noise control, roughly what a busy real configuration holds.
 */

import type { Condition } from '../../shared/conditions/schema'
import { triggerConfigSchema, type TriggerConfig } from '../../shared/trigger-config'

const TYPES = [
  'Death',
  'GainExperience',
  'GainExperience_experience_id_1',
  'GainExperience_experience_id_4',
  'GainExperience_experience_id_7',
  'PlayerLogin',
  'PlayerLogout',
  'BattleRankUp',
  'FacilityControl',
  'MetagameEvent',
] as const

/** A numeric field of each type and a range that only its rarest values reach. */
const NUMERIC: Record<string, [field: string, low: number, high: number]> = {
  Death: ['attacker_weapon_id', 80_000, 90_000],
  GainExperience: ['amount', 400, 10_000],
  PlayerLogin: ['world_id', 39, 41],
  PlayerLogout: ['world_id', 39, 41],
  BattleRankUp: ['battle_rank', 119, 120],
  FacilityControl: ['duration_held', 19_500, 20_000],
  MetagameEvent: ['faction_nc', 45, 50],
}

/**
 * Conditions as people write them for alerts: specific (a character, a world, a rare value), so
 * each matches well under one event in a hundred, over a mix of every operator family.
 */
function condition(kind: number, type: string): Condition {
  const base = type.startsWith('GainExperience') ? 'GainExperience' : type
  const [numeric, low, high] = NUMERIC[base]!
  const p = (field: string) => `payload.${field}`
  switch (kind) {
    case 0:
      return {
        all: [
          { field: p('world_id'), op: 'eq', value: '17' },
          { field: p('zone_id'), op: 'in', value: ['2', '4', '6', '8'] },
          { field: p('character_id'), op: 'ends-with', value: '13' },
        ],
      }
    case 1:
      return { field: p('character_id'), op: 'ends-with', value: '777' }
    case 2:
      return {
        all: [
          { field: p('world_id'), op: 'in', value: [13, 40] },
          { field: p('character_id'), op: 'ends-with', value: '5' },
          { field: p('zone_id'), op: 'eq', value: 8 },
        ],
      }
    case 3:
      return {
        all: [
          {
            any: [
              { field: p('zone_id'), op: 'eq', value: 2 },
              { field: p('zone_id'), op: 'eq', value: 4 },
            ],
          },
          { not: { field: p('character_id'), op: 'matches', value: '[0-8]$|[0-8].$|[0-8]..$' } },
        ],
      }
    case 4:
      return { field: p('character_id'), op: 'matches', value: '^5428[0-9]*000$' }
    case 5:
      return { field: p(numeric), op: 'between', value: [low, high] }
    case 6:
      return {
        all: [
          { field: p('timestamp'), op: 'exists' },
          { field: p('outfit_id'), op: 'missing' },
          { field: p('world_id'), op: 'eq', value: 1 },
          { field: p('character_id'), op: 'starts-with', value: '54289' },
        ],
      }
    case 7:
      return {
        all: [
          { field: p('character_id'), op: 'ends-with', value: '00' },
          { field: p('zone_id'), op: 'changed', key: p('character_id') },
        ],
      }
    case 8:
      return { field: p('character_id'), op: 'contains', value: '9999' }
    default:
      return {
        all: [
          { field: 'type', op: 'starts-with', value: base.slice(0, 3) },
          { field: p('world_id'), op: 'not-in', value: ['17', '19'] },
          { field: p(numeric), op: 'gt', value: high },
        ],
      }
  }
}

export function benchTriggers(sourceId: string, count = 100): TriggerConfig[] {
  return Array.from({ length: count }, (_, i) => {
    const type = TYPES[i % TYPES.length]!
    const kind = Math.floor(i / TYPES.length) % 10
    const noise =
      i % 3 === 0
        ? { maxPerMinute: 30 }
        : i % 3 === 1
          ? { cooldown: { seconds: 1, key: '{{payload.character_id}}' } }
          : {}
    return triggerConfigSchema.parse({
      id: `bench-${i}`,
      name: `Bench ${i}: ${type} #${kind}`,
      sources: [sourceId],
      events: [type],
      condition: condition(kind, type),
      actions: [
        {
          type: 'notify',
          title: '{{type}} on world {{payload.world_id}}',
          body: '{{payload.character_id}} in zone {{payload.zone_id}}',
        },
      ],
      noise,
    })
  })
}
