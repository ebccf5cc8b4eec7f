/**
 * The benchmark's triggers over ten event types (the simulator's seven plus three
 * `GainExperience_experience_id_<id>` names), each with a notify action and (for two in three)
 * noise control. The first 100 (ten per type, each with a different mix of operators) are roughly
 * what a busy real configuration holds; beyond them (`--many-triggers 1000`) come the triggers a
 * large configuration adds: watch lists of characters, worlds, zones, weapons and experience ids
 * (`eq` and `in`, four in five), the rest range and text tests.
 */

import type { Condition } from '../../shared/conditions/schema'
import { triggerConfigSchema, type TriggerConfig } from '../../shared/trigger-config'
import { mulberry32, pick, randomInt } from '../simulators/random'
import { censusFrameTexts } from './feed-frames'

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

/** Worlds as people write them: some as text, some as numbers (both match Census's "17"). */
const WORLDS: readonly (string | number)[] = ['17', 1, '10', 13, '40', '19']

/** The characters of the benchmark's stream (the feeder's frames), in order of appearance. */
let characterPool: string[] | undefined
function pool(): string[] {
  if (characterPool === undefined) {
    const seen = new Set<string>()
    for (const text of censusFrameTexts(8192)) {
      const { payload } = JSON.parse(text) as { payload: { character_id?: string } }
      if (payload.character_id !== undefined) seen.add(payload.character_id)
    }
    characterPool = [...seen]
  }
  return characterPool
}

/** The field each type is most often watched by, beyond characters and worlds, and some values. */
const WATCHED: Record<string, [field: string, values: readonly string[]]> = {
  Death: ['attacker_weapon_id', ['44705', '6003850', '650', '432', '7254', '26003', '802781']],
  GainExperience: ['experience_id', ['1', '2', '4', '7', '34', '37', '51', '56', '8', '53']],
  PlayerLogin: ['world_id', ['1', '10', '13', '17', '40']],
  PlayerLogout: ['world_id', ['1', '10', '13', '17', '40']],
  BattleRankUp: ['battle_rank', ['100', '110', '115', '120']],
  FacilityControl: ['zone_id', ['2', '4', '6', '8', '344']],
  MetagameEvent: ['zone_id', ['2', '4', '6', '8', '344']],
}

/**
 * Trigger `n` (counting from 0) of the ones beyond the first hundred, on `type`: each kind comes
 * with values drawn for `n`, so no two are alike, and the watched characters are the stream's own.
 * Like the first hundred, each matches well under one event of its type in a hundred.
 */
function watchCondition(n: number, type: string): Condition {
  const base = type.startsWith('GainExperience') ? 'GainExperience' : type
  const [numeric, low, high] = NUMERIC[base]!
  const [watched, values] = WATCHED[base]!
  const random = mulberry32(n + 1)
  const characters = (count: number) => Array.from({ length: count }, () => pick(random, pool()))
  const world = pick(random, WORLDS)
  const digits = (count: number) =>
    String(randomInt(random, 0, 10 ** count - 1)).padStart(count, '0')
  const p = (field: string) => `payload.${field}`
  switch (Math.floor(n / TYPES.length) % 10) {
    case 0:
      return { field: p('character_id'), op: 'eq', value: characters(1)[0]! }
    case 1:
      return { field: p('character_id'), op: 'in', value: characters(3) }
    case 2:
      return {
        all: [
          { field: p('world_id'), op: 'eq', value: world },
          { field: p('character_id'), op: 'in', value: characters(2) },
        ],
      }
    case 3:
      return {
        all: [
          { field: p('zone_id'), op: 'in', value: [pick(random, ['2', '4', '6', '8', '344'])] },
          { field: p('world_id'), op: 'eq', value: world },
          { field: p('character_id'), op: 'ends-with', value: digits(2) },
        ],
      }
    case 4:
      return {
        all: [
          { field: p(watched), op: 'in', value: [pick(random, values), pick(random, values)] },
          { field: p('character_id'), op: 'in', value: characters(3) },
        ],
      }
    case 5:
      return {
        all: [
          { field: p('world_id'), op: 'in', value: [world, pick(random, WORLDS)] },
          { field: p('character_id'), op: 'ends-with', value: digits(3) },
        ],
      }
    case 6:
      return {
        all: [
          { field: p('zone_id'), op: 'eq', value: pick(random, ['2', '4', '6', '8', '344']) },
          { field: p('character_id'), op: 'in', value: characters(5) },
        ],
      }
    case 7: {
      const [first, second] = characters(2)
      return {
        any: [
          { field: p('character_id'), op: 'eq', value: first! },
          { field: p('character_id'), op: 'eq', value: second! },
        ],
      }
    }
    case 8:
      return {
        all: [
          { field: p(numeric), op: 'between', value: [low, high] },
          { not: { field: p('world_id'), op: 'eq', value: world } },
        ],
      }
    default:
      return {
        all: [
          { field: p(numeric), op: 'gt', value: high },
          { field: p('character_id'), op: 'ends-with', value: digits(2) },
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
      condition: i < 100 ? condition(kind, type) : watchCondition(i - 100, type),
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
