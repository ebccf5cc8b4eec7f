/**
 * The pools the Census simulator draws from: worlds and their endpoints, zones, factions,
 * loadouts, weapons, vehicles and experience ids. The ids are shaped like the real ones (19-digit
 * character ids, `instance << 16 | definition` zone ids) so that clients meet the same values they
 * will meet on push.planetside2.com, but they are not a copy of the game's tables.
 */

import { randomInt, weighted, type Random } from '../random'

// The PRNG helpers moved to ../random.ts so that every simulator shares them; re-exported here so
// the Census modules keep importing from one place.
export {
  digits,
  mulberry32,
  pick,
  pickWeighted,
  randomInt,
  weighted,
  type Random,
  type Weighted,
} from '../random'

// Environments: one socket each (protocols.md). PC worlds live on `ps2`; each console region has
// its own environment with its own worlds.
export const CENSUS_ENVIRONMENTS = ['ps2', 'ps2ps4us', 'ps2ps4eu'] as const
export type CensusEnvironment = (typeof CENSUS_ENVIRONMENTS)[number]

export function isCensusEnvironment(value: unknown): value is CensusEnvironment {
  return (CENSUS_ENVIRONMENTS as readonly unknown[]).includes(value)
}

export interface CensusWorld {
  id: string
  name: string
  environment: CensusEnvironment
  /** Relative share of the environment's traffic. */
  population: number
  /** Briggs closed years ago but its endpoint still appears in heartbeats as offline. */
  online: boolean
}

export const CENSUS_WORLDS: readonly CensusWorld[] = [
  { id: '1', name: 'Connery', environment: 'ps2', population: 25, online: true },
  { id: '10', name: 'Miller', environment: 'ps2', population: 20, online: true },
  { id: '13', name: 'Cobalt', environment: 'ps2', population: 15, online: true },
  { id: '17', name: 'Emerald', environment: 'ps2', population: 35, online: true },
  { id: '19', name: 'Jaeger', environment: 'ps2', population: 2, online: true },
  { id: '25', name: 'Briggs', environment: 'ps2', population: 0, online: false },
  { id: '40', name: 'Soltech', environment: 'ps2', population: 8, online: true },
  { id: '1000', name: 'Genudine', environment: 'ps2ps4us', population: 10, online: true },
  { id: '2000', name: 'Ceres', environment: 'ps2ps4eu', population: 8, online: true },
]

export function worldsOf(environment: CensusEnvironment): readonly CensusWorld[] {
  return CENSUS_WORLDS.filter((world) => world.environment === environment)
}

/** The name the service gives a world's event server in serviceStateChanged and heartbeats. */
export function endpointName(world: CensusWorld): string {
  return `EventServerEndpoint_${world.name}_${world.id}`
}

/** Indar 2, Hossin 4, Amerish 6, Esamir 8, Oshur 344, weighted by how busy they usually are. */
export const ZONES = weighted([
  ['2', 30],
  ['4', 10],
  ['6', 20],
  ['8', 20],
  ['344', 20],
] as const)

/** Desolation: an instanced zone, so its id packs the instance above the definition. */
const DESOLATION_DEFINITION = 361

export function instancedZoneId(random: Random): string {
  return ((randomInt(random, 1, 40) << 16) | DESOLATION_DEFINITION).toString()
}

export type FactionId = '1' | '2' | '3' | '4'
/** VS 1, NC 2, TR 3, NSO 4. NSO characters fight for one of the three empires (team_id). */
export const EMPIRES: readonly FactionId[] = ['1', '2', '3']
export const FACTIONS = weighted<FactionId>([
  ['1', 31],
  ['2', 31],
  ['3', 33],
  ['4', 5],
])

/** Infiltrator, Light Assault, Medic, Engineer, Heavy Assault, MAX per faction. */
export const LOADOUTS: Readonly<Record<FactionId, readonly string[]>> = {
  '1': ['15', '17', '18', '19', '20', '21'],
  '2': ['1', '3', '4', '5', '6', '7'],
  '3': ['8', '10', '11', '12', '13', '14'],
  '4': ['28', '29', '30', '31', '32', '45'],
}

/** [weapon id, fire mode id]: faction weapons plus the common NS arsenal every faction uses. */
export const WEAPONS: Readonly<Record<FactionId, readonly (readonly [string, string])[]>> = {
  '1': [
    ['7169', '16001'],
    ['43', '1043'],
    ['7254', '16184'],
    ['802910', '26160'],
    ['7390', '16307'],
  ],
  '2': [
    ['80', '1080'],
    ['7214', '16106'],
    ['26002', '26002'],
    ['802781', '26139'],
    ['7389', '16304'],
  ],
  '3': [
    ['7254', '16186'],
    ['7192', '16064'],
    ['26003', '26003'],
    ['802921', '26171'],
    ['7388', '16301'],
  ],
  '4': [
    ['6009282', '6009282'],
    ['6009297', '6009297'],
    ['6009320', '6009320'],
  ],
}
export const NS_WEAPONS: readonly (readonly [string, string])[] = [
  ['1', '1'],
  ['432', '2432'],
  ['650', '2650'],
  ['6003850', '6003850'],
  ['44705', '44705'],
]

/**
 * Attacker vehicles: Flash, Sunderer, Lightning, Magrider, Vanguard, Prowler, Scythe, Reaver,
 * Mosquito, Liberator, Galaxy, Harasser, Valkyrie, ANT, Colossus. Most kills are on foot ("0").
 */
export const VEHICLES = weighted([
  ['0', 850],
  ['1', 10],
  ['2', 20],
  ['3', 15],
  ['4', 8],
  ['5', 8],
  ['6', 8],
  ['7', 10],
  ['8', 10],
  ['9', 10],
  ['10', 15],
  ['11', 8],
  ['12', 12],
  ['14', 8],
  ['15', 3],
  ['2007', 5],
] as const)

export interface Experience {
  id: string
  /** Base score; boosts and membership scale it. */
  amount: number
  /** Whom other_id names: another character, a non-character object, or nobody ("0"). */
  other: 'character' | 'object' | 'none'
}

export const EXPERIENCES = weighted<Experience>([
  [{ id: '1', amount: 100, other: 'character' }, 60], // Kill Player
  [{ id: '2', amount: 50, other: 'character' }, 80], // Kill Player Assist
  [{ id: '4', amount: 10, other: 'character' }, 120], // Heal Player
  [{ id: '5', amount: 5, other: 'character' }, 40], // Heal Assist
  [{ id: '7', amount: 75, other: 'character' }, 60], // Revive
  [{ id: '8', amount: 10, other: 'none' }, 10], // Kill Streak
  [{ id: '10', amount: 50, other: 'character' }, 8], // Domination Kill
  [{ id: '11', amount: 50, other: 'character' }, 8], // Revenge Kill
  [{ id: '15', amount: 100, other: 'object' }, 20], // Control Point - Defend
  [{ id: '16', amount: 100, other: 'object' }, 20], // Control Point - Attack
  [{ id: '34', amount: 10, other: 'character' }, 60], // Resupply Player
  [{ id: '36', amount: 25, other: 'character' }, 30], // Spot Kill
  [{ id: '37', amount: 20, other: 'character' }, 40], // Headshot
  [{ id: '51', amount: 10, other: 'character' }, 60], // Squad Heal
  [{ id: '53', amount: 100, other: 'character' }, 40], // Squad Revive
  [{ id: '55', amount: 10, other: 'character' }, 30], // Squad Resupply
  [{ id: '56', amount: 10, other: 'object' }, 50], // Squad Spawn
  [{ id: '293', amount: 5, other: 'character' }, 30], // Motion Detect
  [{ id: '1393', amount: 20, other: 'object' }, 10], // Hardlight Barrier Assist
])

/** Score multipliers: none, membership, boost. */
export const EXPERIENCE_MULTIPLIERS: readonly number[] = [1, 1, 1, 1.5, 1.5, 2]

/** Meltdown alerts, per zone: one per empire that can win it. */
export const METAGAME_EVENTS: Readonly<Record<string, readonly string[]>> = {
  '2': ['147', '148', '149'],
  '4': ['153', '154', '155'],
  '6': ['156', '157', '158'],
  '8': ['150', '151', '152'],
  '344': ['248', '249', '250'],
}

/** metagame_event_state ids and names (135 started, 138 ended are the ones clients key on). */
export const METAGAME_STARTED = { id: '135', name: 'started' } as const
export const METAGAME_ENDED = { id: '138', name: 'ended' } as const

/** The events the simulator generates, and how often: experience dominates the real stream. */
export const CENSUS_EVENT_NAMES = [
  'Death',
  'GainExperience',
  'PlayerLogin',
  'PlayerLogout',
  'BattleRankUp',
  'FacilityControl',
  'MetagameEvent',
  // Only as part of a continent lock, never drawn from EVENT_MIX on its own.
  'ContinentLock',
] as const
export type CensusEventName = (typeof CENSUS_EVENT_NAMES)[number]

export const EVENT_MIX = weighted<CensusEventName>([
  ['GainExperience', 700],
  ['Death', 170],
  ['PlayerLogin', 30],
  ['PlayerLogout', 30],
  ['BattleRankUp', 15],
  ['FacilityControl', 15],
  ['MetagameEvent', 2],
])
