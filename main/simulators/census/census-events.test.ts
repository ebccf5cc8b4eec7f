import { describe, expect, it } from 'vitest'
import { CENSUS_EVENT_NAMES, mulberry32, worldsOf } from './census-data'
import { CensusEventGenerator, type CensusPayload } from './census-events'

const NOW = 1_706_357_108_000
const COMMON = ['event_name', 'timestamp', 'world_id']

// Payload fields as ../shared/protocols.md lists them, one list per event.
const FIELDS: Record<string, string[]> = {
  Death: [
    'attacker_character_id',
    'attacker_fire_mode_id',
    'attacker_loadout_id',
    'attacker_team_id',
    'attacker_vehicle_id',
    'attacker_weapon_id',
    'character_id',
    'character_loadout_id',
    'is_critical',
    'is_headshot',
    'team_id',
    'zone_id',
  ],
  GainExperience: [
    'amount',
    'character_id',
    'experience_id',
    'loadout_id',
    'other_id',
    'team_id',
    'zone_id',
  ],
  BattleRankUp: ['battle_rank', 'character_id', 'zone_id'],
  PlayerLogin: ['character_id'],
  PlayerLogout: ['character_id'],
  FacilityControl: [
    'duration_held',
    'facility_id',
    'new_faction_id',
    'old_faction_id',
    'outfit_id',
    'zone_id',
  ],
  MetagameEvent: [
    'experience_bonus',
    'faction_nc',
    'faction_tr',
    'faction_vs',
    'instance_id',
    'metagame_event_id',
    'metagame_event_state',
    'metagame_event_state_name',
    'zone_id',
  ],
  ContinentLock: [
    'metagame_event_id',
    'nc_population',
    'previous_faction',
    'tr_population',
    'triggering_faction',
    'vs_population',
    'zone_id',
  ],
}

function generator(seed = 42) {
  return new CensusEventGenerator({ environment: 'ps2', random: mulberry32(seed), now: () => NOW })
}

function take(source: CensusEventGenerator, count: number): CensusPayload[] {
  return Array.from({ length: count }, () => source.next()!)
}

describe('mulberry32', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = mulberry32(7)
    const b = mulberry32(7)
    const values = Array.from({ length: 1000 }, () => a())
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()))
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true)
    expect(mulberry32(8)()).not.toBe(values[0])
  })
})

describe('CensusEventGenerator', () => {
  it('replays the same stream for the same seed', () => {
    expect(take(generator(3), 300)).toEqual(take(generator(3), 300))
    expect(take(generator(3), 50)).not.toEqual(take(generator(4), 50))
  })

  it('sends exactly the documented fields, every value a string', () => {
    const source = generator()
    const payloads = [
      ...take(source, 3000),
      ...CENSUS_EVENT_NAMES.map((name) => source.generate(name)),
    ]
    const seen = new Set<string>()
    for (const payload of payloads) {
      const expected = FIELDS[payload.event_name!]
      expect(expected, payload.event_name).toBeDefined()
      expect(Object.keys(payload).sort()).toEqual([...COMMON, ...expected!].sort())
      for (const value of Object.values(payload)) expect(typeof value).toBe('string')
      expect(payload.timestamp).toBe('1706357108')
      seen.add(payload.event_name!)
    }
    expect([...seen].sort()).toEqual([...CENSUS_EVENT_NAMES].sort())
  })

  it('uses the ids the real stream uses', () => {
    const pcWorlds = new Set(worldsOf('ps2').map((world) => world.id))
    for (const payload of take(generator(), 2000)) {
      expect(pcWorlds.has(payload.world_id!)).toBe(true)
      expect(payload.world_id).not.toBe('25') // Briggs is offline
      if (payload.character_id !== undefined) expect(payload.character_id).toMatch(/^\d{19}$/)
      if (payload.event_name === 'Death') {
        expect(['0', '1']).toContain(payload.is_headshot)
        expect(payload.is_critical).toBe('0')
        expect(payload.attacker_character_id).toMatch(/^(0|\d{19})$/)
      }
      if (payload.zone_id !== undefined) {
        const zone = Number(payload.zone_id)
        // Instanced zones (Desolation, 361) pack instance << 16 | definition.
        if (zone > 0xffff) expect(zone & 0xffff).toBe(361)
        else expect([2, 4, 6, 8, 344]).toContain(zone)
      }
    }
  })

  it('follows an alert end with a continent-lock burst sharing its timestamp', () => {
    const source = generator(11)
    let ended: CensusPayload | undefined
    for (let i = 0; i < 100 && !ended; i++) {
      const payload = source.generate('MetagameEvent', '17')
      if (payload.metagame_event_state === '138') ended = payload
    }
    expect(ended).toMatchObject({ metagame_event_state_name: 'ended', world_id: '17' })
    const burst: CensusPayload[] = []
    let next = source.next()
    for (; next?.event_name === 'FacilityControl'; next = source.next()) burst.push(next)
    expect(burst.length).toBeGreaterThanOrEqual(10)
    const winners = new Set(burst.map((payload) => payload.new_faction_id))
    expect(winners.size).toBe(1)
    for (const payload of burst) {
      expect(payload).toMatchObject({ timestamp: ended!.timestamp, zone_id: ended!.zone_id })
    }
    expect(next).toMatchObject({
      event_name: 'ContinentLock',
      timestamp: ended!.timestamp,
      triggering_faction: [...winners][0],
      world_id: '17',
      zone_id: ended!.zone_id,
    })
  })

  it('locks a continent on demand: alert end, dozens of captures and the lock, one timestamp', () => {
    const source = generator(5)
    const burst = source.lockContinent('10', '6')
    expect(burst[0]).toMatchObject({
      event_name: 'MetagameEvent',
      metagame_event_state: '138',
      world_id: '10',
      zone_id: '6',
    })
    expect(burst.at(-1)).toMatchObject({ event_name: 'ContinentLock', zone_id: '6' })
    const captures = burst.filter((payload) => payload.event_name === 'FacilityControl')
    expect(captures.length).toBeGreaterThanOrEqual(12)
    expect(new Set(burst.map((payload) => payload.timestamp)).size).toBe(1)
    expect(() => source.lockContinent('10', '99')).toThrow(/zone id 99/)
  })

  it('keeps logins and logouts consistent with who is online', () => {
    const source = generator()
    const logout = source.generate('PlayerLogout', '1')
    expect(source.onlineCharacterIds('1')).not.toContain(logout.character_id)
    const login = source.generate('PlayerLogin', '1')
    expect(source.onlineCharacterIds('1')).toContain(login.character_id)
  })

  it('stops generating for worlds taken offline', () => {
    const source = generator()
    for (const world of worldsOf('ps2')) source.setWorldOnline(world.id, world.id === '40')
    expect(new Set(take(source, 200).map((payload) => payload.world_id))).toEqual(new Set(['40']))
    source.setWorldOnline('40', false)
    expect(source.next()).toBeUndefined()
  })
})
