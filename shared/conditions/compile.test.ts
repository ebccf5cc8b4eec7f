import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../domain'
import { compileCondition } from './compile'
import type { Condition, ConditionLeaf } from './schema'

let nextId = 1
function census(payload: Record<string, string>, type = payload.event_name ?? 'Death'): VigilEvent {
  return { id: nextId++, sourceId: 'ps2', type, receivedAt: 1_700_000_000_000, payload }
}

// A Death as the real stream sends it: every value a string.
const death = census({
  attacker_character_id: '5428010618035589553',
  attacker_weapon_id: '7214',
  character_id: '5428713425545165425',
  event_name: 'Death',
  is_critical: '0',
  is_headshot: '1',
  team_id: '2',
  timestamp: '1706357108',
  world_id: '17',
  zone_id: '2',
})
const metagame = census({
  event_name: 'MetagameEvent',
  experience_bonus: '30.000000',
  faction_nc: '33.725490',
  metagame_event_state_name: 'started',
  world_id: '10',
})

const holds = (condition: Condition, event: VigilEvent) => compileCondition(condition).test(event)
const leaf = (field: string, op: ConditionLeaf['op'], value?: ConditionLeaf['value']) =>
  value === undefined ? { field, op } : { field, op, value }

describe('operators over string-typed Census values', () => {
  const cases: [ConditionLeaf, VigilEvent, boolean][] = [
    [leaf('payload.world_id', 'eq', '17'), death, true],
    [leaf('payload.world_id', 'eq', 17), death, true],
    [leaf('payload.world_id', 'eq', '17.0'), death, false],
    [leaf('payload.experience_bonus', 'eq', 30), metagame, true],
    [leaf('payload.is_headshot', 'eq', true), death, true],
    [leaf('payload.is_critical', 'eq', false), death, true],
    [leaf('payload.nothing', 'eq', null), death, false],
    [leaf('payload.world_id', 'neq', '1'), death, true],
    [leaf('payload.world_id', 'neq', 17), death, false],
    [leaf('payload.nothing', 'neq', '1'), death, false],
    [leaf('payload.world_id', 'in', ['1', '10', '17']), death, true],
    [leaf('payload.world_id', 'in', [1, 17]), death, true],
    [leaf('payload.world_id', 'in', [1, 10]), death, false],
    [leaf('payload.world_id', 'not-in', ['1', '10']), death, true],
    [leaf('payload.world_id', 'not-in', [17]), death, false],
    [leaf('payload.nothing', 'not-in', ['1']), death, false],
    [leaf('payload.attacker_character_id', 'contains', '8010'), death, true],
    [leaf('payload.attacker_character_id', 'starts-with', '5428'), death, true],
    [leaf('payload.attacker_character_id', 'ends-with', '553'), death, true],
    [leaf('payload.attacker_character_id', 'ends-with', '554'), death, false],
    [{ field: 'type', op: 'matches', value: '^de', flags: 'i' }, death, true],
    [leaf('type', 'matches', '^de'), death, false],
    [leaf('payload.attacker_weapon_id', 'gt', 7000), death, true],
    [leaf('payload.attacker_weapon_id', 'gte', 7214), death, true],
    [leaf('payload.attacker_weapon_id', 'lt', 7214), death, false],
    [leaf('payload.attacker_weapon_id', 'lte', 7214), death, true],
    [leaf('payload.experience_bonus', 'gt', 29.5), metagame, true],
    [leaf('payload.faction_nc', 'between', [33, 34]), metagame, true],
    [leaf('payload.faction_nc', 'between', [34, 50]), metagame, false],
    // A value that is not a number makes numeric leaves false rather than throwing.
    [leaf('payload.metagame_event_state_name', 'gt', 0), metagame, false],
    [leaf('payload.metagame_event_state_name', 'lte', 0), metagame, false],
    [leaf('payload.zone_id', 'exists'), death, true],
    [leaf('payload.nothing', 'exists'), death, false],
    [leaf('payload.nothing', 'missing'), death, true],
    [leaf('payload.zone_id', 'missing'), death, false],
    [leaf('payload.is_headshot', 'is-true'), death, true],
    [leaf('payload.is_critical', 'is-false'), death, true],
    [leaf('payload.is_critical', 'is-true'), death, false],
    // Neither true nor false: both boolean leaves are false.
    [leaf('payload.world_id', 'is-true'), death, false],
    [leaf('payload.world_id', 'is-false'), death, false],
    [leaf('sourceId', 'eq', 'ps2'), death, true],
    [leaf('receivedAt', 'gt', 0), death, true],
    [leaf('payload', 'exists'), death, true],
  ]
  it.each(cases)('%j on %#', (condition, event, expected) => {
    expect(holds(condition, event)).toBe(expected)
  })

  it('coerces "true"/"false" and numbers for boolean operators', () => {
    const event = census({ flag: 'TRUE', off: 'false', one: '1' }, 'X')
    expect(holds(leaf('payload.flag', 'is-true'), event)).toBe(true)
    expect(holds(leaf('payload.off', 'is-false'), event)).toBe(true)
    expect(holds(leaf('payload.one', 'eq', true), event)).toBe(true)
  })

  it('does not read through the prototype', () => {
    expect(holds(leaf('payload.constructor', 'exists'), death)).toBe(false)
    expect(holds(leaf('payload.__proto__', 'exists'), death)).toBe(false)
  })
})

describe('groups', () => {
  it('evaluates nested all / any / not', () => {
    const condition: Condition = {
      all: [
        leaf('payload.is_headshot', 'is-true'),
        {
          any: [
            leaf('payload.world_id', 'eq', '1'),
            {
              not: {
                any: [leaf('payload.zone_id', 'eq', '8'), leaf('payload.zone_id', 'eq', '6')],
              },
            },
          ],
        },
      ],
    }
    expect(holds(condition, death)).toBe(true)
    expect(holds({ not: condition }, death)).toBe(false)
    expect(holds({ all: [] }, death)).toBe(true)
    expect(holds({ any: [] }, death)).toBe(false)
  })

  it('explains every leaf and names the one that decided a miss', () => {
    const compiled = compileCondition({
      all: [
        leaf('payload.is_headshot', 'is-true'),
        { any: [leaf('payload.world_id', 'eq', '1'), leaf('payload.world_id', 'eq', '10')] },
      ],
    })
    const explanation = compiled.explain(death)
    expect(explanation.verdict).toBe(false)
    expect(explanation.leaves.map((l) => [l.path, l.verdict, l.seen])).toEqual([
      ['condition.all.0', true, '1'],
      ['condition.all.1.any.0', false, '17'],
      ['condition.all.1.any.1', false, '17'],
    ])
    expect(explanation.failing).toMatchObject({
      path: 'condition.all.1.any.0',
      field: 'payload.world_id',
      op: 'eq',
      value: '1',
      seen: '17',
    })
  })

  it('blames the leaf that held when a not fails', () => {
    const compiled = compileCondition({ not: { all: [leaf('payload.zone_id', 'eq', '2')] } })
    expect(compiled.explain(death).failing?.path).toBe('condition.not.all.0')
  })

  it('leaves seen out for a missing field', () => {
    const { failing } = compileCondition(leaf('payload.nothing', 'exists')).explain(death)
    expect(failing).toEqual({
      path: 'condition',
      field: 'payload.nothing',
      op: 'exists',
      verdict: false,
    })
  })
})

describe('wildcard paths over PI Web API-shaped arrays', () => {
  // One channel message: streams, each with its values (protocols.md).
  const message: VigilEvent = {
    id: 99,
    sourceId: 'pi',
    type: 'values',
    receivedAt: 0,
    payload: {
      Links: {},
      Items: [
        {
          Name: 'Water',
          Items: [
            { Timestamp: '2014-07-22T14:00:00Z', Value: 2.3, Good: true },
            { Timestamp: '2014-07-22T14:01:00Z', Value: 7.9, Good: 'False' },
          ],
        },
        { Name: 'Pump', Items: [{ Value: { Name: 'Active', Value: 1 }, Good: 'true' }] },
      ],
    },
  }

  it('holds when any element matches', () => {
    expect(holds(leaf('payload.Items.*.Items.*.Value', 'gt', 5), message)).toBe(true)
    expect(holds(leaf('payload.Items.*.Items.*.Value', 'gt', 10), message)).toBe(false)
    expect(holds(leaf('payload.Items[*].Name', 'eq', 'Pump'), message)).toBe(true)
    expect(holds(leaf('payload.Items.*.Items.*.Good', 'is-false'), message)).toBe(true)
    expect(holds(leaf('payload.Items.*.Items.*.Value.Name', 'eq', 'Active'), message)).toBe(true)
    expect(holds(leaf('payload.Items.1.Items.0.Value.Value', 'eq', 1), message)).toBe(true)
  })

  it('treats exists and missing over all elements', () => {
    expect(holds(leaf('payload.Items.*.Items.*.Timestamp', 'exists'), message)).toBe(true)
    expect(holds(leaf('payload.Items.*.Units', 'missing'), message)).toBe(true)
    expect(holds(leaf('payload.Items.*.Name', 'missing'), message)).toBe(false)
  })

  it('reports every value a wildcard saw', () => {
    const { leaves } = compileCondition(leaf('payload.Items.*.Items.*.Value', 'gt', 10)).explain(
      message,
    )
    expect(leaves[0]!.seen).toEqual([2.3, 7.9, '{"Name":"Active","Value":1}'])
  })
})

describe('changed', () => {
  const rank = (character: string, battleRank: string) =>
    census({ character_id: character, battle_rank: battleRank, event_name: 'BattleRankUp' })

  it('compares with the previous event of the same type and key', () => {
    const compiled = compileCondition({
      field: 'payload.battle_rank',
      op: 'changed',
      key: 'payload.character_id',
    })
    const run = (event: VigilEvent) => {
      const result = compiled.test(event)
      compiled.commit(event)
      return result
    }
    expect(run(rank('a', '10'))).toBe(false) // nothing to compare with yet
    expect(run(rank('b', '50'))).toBe(false) // another key
    expect(run(rank('a', '10'))).toBe(false)
    expect(run(rank('a', '11'))).toBe(true)
    expect(run(rank('b', '50'))).toBe(false)
    expect(run(census({ character_id: 'a', event_name: 'BattleRankUp' }))).toBe(true) // now missing
  })

  it('keys by type alone without a key, and remembers even when short-circuited', () => {
    const compiled = compileCondition({
      all: [leaf('payload.world_id', 'eq', '17'), leaf('payload.zone_id', 'changed')],
    })
    const run = (payload: Record<string, string>) => {
      const event = census({ ...payload, event_name: 'Death' })
      const result = compiled.test(event)
      compiled.commit(event)
      return result
    }
    expect(run({ world_id: '17', zone_id: '2' })).toBe(false)
    expect(run({ world_id: '1', zone_id: '4' })).toBe(false) // short-circuited, still recorded
    expect(run({ world_id: '17', zone_id: '4' })).toBe(false)
    expect(run({ world_id: '17', zone_id: '6' })).toBe(true)
  })

  it('explains against what commit found before the event', () => {
    const compiled = compileCondition(leaf('payload.zone_id', 'changed'))
    const first = census({ zone_id: '2', event_name: 'Death' })
    compiled.commit(first)
    const second = census({ zone_id: '2', event_name: 'Death' })
    const snapshot = compiled.commit(second)
    const third = census({ zone_id: '3', event_name: 'Death' })
    compiled.commit(third)
    expect(compiled.explain(second, snapshot).verdict).toBe(false)
    expect(compiled.explain(second).verdict).toBe(true) // against the newest state instead
  })

  it('forgets the oldest keys beyond its limit', () => {
    const compiled = compileCondition(
      { field: 'payload.battle_rank', op: 'changed', key: 'payload.character_id' },
      { maxChangedKeys: 2 },
    )
    for (const id of ['a', 'b', 'c']) compiled.commit(rank(id, '1'))
    expect(compiled.test(rank('a', '2'))).toBe(false) // forgotten: no previous value
    expect(compiled.test(rank('c', '2'))).toBe(true)
  })

  it('forgets the keys changed least recently, not those seen first', () => {
    const compiled = compileCondition(
      { field: 'payload.battle_rank', op: 'changed', key: 'payload.character_id' },
      { maxChangedKeys: 2 },
    )
    const run = (event: VigilEvent) => {
      const result = compiled.test(event)
      compiled.commit(event)
      return result
    }
    // `a` arrives first and keeps changing while other keys come and go.
    expect(run(rank('a', '1'))).toBe(false)
    expect(run(rank('b', '1'))).toBe(false)
    expect(run(rank('a', '2'))).toBe(true)
    expect(run(rank('c', '1'))).toBe(false) // over the limit: `b` goes, `a` changed since
    expect(run(rank('a', '3'))).toBe(true)
    expect(run(rank('d', '1'))).toBe(false) // `c` goes
    expect(run(rank('a', '4'))).toBe(true)
    expect(run(rank('b', '2'))).toBe(false) // forgotten earlier: no previous value
  })
})
