/**
 * The simulated population of one world: characters who are logged in or not, where they fight
 * and as what, the facilities of each continent and who holds them, and the alerts running. The
 * event generator reads and changes it, so consecutive events tell a consistent story (a character
 * who logs out stops dying until they log back in).
 */

import {
  EMPIRES,
  FACTIONS,
  LOADOUTS,
  ZONES,
  digits,
  instancedZoneId,
  pick,
  pickWeighted,
  randomInt,
  type CensusWorld,
  type FactionId,
  type Random,
} from './census-data'

export interface Character {
  id: string
  faction: FactionId
  /** The empire the character fights for: its faction, or the empire an NSO has joined. */
  team: FactionId
  battleRank: number
  zoneId: string
  loadoutId: string
}

export interface Facility {
  id: string
  owner: FactionId
}

export interface WorldState {
  world: CensusWorld
  online: Character[]
  offline: Character[]
  outfits: string[]
  facilities: Map<string, Facility[]>
  /** Running alerts by zone id. */
  alerts: Map<string, { instanceId: string; eventId: string }>
}

const FACILITIES_PER_ZONE = 40
const OUTFITS_PER_WORLD = 24
const SHARE_ONLINE_AT_START = 0.75

export function createWorld(random: Random, world: CensusWorld, characters: number): WorldState {
  const state: WorldState = {
    world,
    online: [],
    offline: [],
    // Outfit ids are 17-digit numeric strings on the real service.
    outfits: Array.from({ length: OUTFITS_PER_WORLD }, () => digits(random, '375', 17)),
    facilities: new Map(),
    alerts: new Map(),
  }
  for (let i = 0; i < characters; i++) {
    const character = createCharacter(random)
    ;(random() < SHARE_ONLINE_AT_START ? state.online : state.offline).push(character)
  }
  for (const zoneId of ZONES.items) {
    const facilities = Array.from({ length: FACILITIES_PER_ZONE }, () => ({
      id: randomInt(random, 200_000, 400_000).toString(),
      owner: pick(random, EMPIRES),
    }))
    state.facilities.set(zoneId, facilities)
  }
  return state
}

function createCharacter(random: Random): Character {
  const faction = pickWeighted(random, FACTIONS)
  const character: Character = {
    // PC character ids are 19-digit numeric strings such as 5428010618035323201.
    id: digits(random, '5428', 19),
    faction,
    team: faction === '4' ? pick(random, EMPIRES) : faction,
    battleRank: randomInt(random, 1, 120),
    zoneId: '',
    loadoutId: '',
  }
  deploy(random, character)
  return character
}

/** Puts a character on a continent (now and then an instanced one) with a fresh class. */
export function deploy(random: Random, character: Character): void {
  character.zoneId = random() < 0.01 ? instancedZoneId(random) : pickWeighted(random, ZONES)
  character.loadoutId = pick(random, LOADOUTS[character.faction])
}

/** Moves a random character between the online and offline lists in O(1). */
export function move(random: Random, from: Character[], to: Character[]): Character | undefined {
  if (from.length === 0) return undefined
  const index = Math.floor(random() * from.length)
  const character = from[index]
  const last = from.pop()
  if (character === undefined || last === undefined) return undefined
  if (last !== character) from[index] = last
  to.push(character)
  return character
}

/** Usually someone from another empire; after a few tries a teamkill is as good as anything. */
export function enemyOf(random: Random, state: WorldState, victim: Character): Character {
  let candidate = pick(random, state.online)
  for (let tries = 0; tries < 4; tries++) {
    if (candidate !== victim && candidate.team !== victim.team) break
    candidate = pick(random, state.online)
  }
  return candidate
}
