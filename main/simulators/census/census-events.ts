/**
 * Generates a believable Census event stream for one environment from its worlds' populations:
 * characters log in and out, kill, heal and rank up; facilities change hands; alerts start and
 * end, each end followed by the continent-lock burst of FacilityControl events sharing one
 * timestamp (protocols.md). Every payload value is a string, as on the real stream, and keys come
 * in the service's alphabetical order.
 */

import {
  EMPIRES,
  EVENT_MIX,
  EXPERIENCE_MULTIPLIERS,
  EXPERIENCES,
  METAGAME_ENDED,
  METAGAME_EVENTS,
  METAGAME_STARTED,
  NS_WEAPONS,
  VEHICLES,
  WEAPONS,
  ZONES,
  pick,
  pickWeighted,
  randomInt,
  weighted,
  worldsOf,
  type CensusEnvironment,
  type CensusEventName,
  type CensusWorld,
  type FactionId,
  type Random,
  type Weighted,
} from './census-data'
import {
  createWorld,
  deploy,
  enemyOf,
  move,
  type Character,
  type Facility,
  type WorldState,
} from './census-world'

/** One event's `payload`: every value a string, always with event_name, timestamp and world_id. */
export type CensusPayload = Readonly<Record<string, string>>

export interface CensusGeneratorOptions {
  environment: CensusEnvironment
  random: Random
  /** Wall clock in milliseconds; timestamps are its unix seconds. */
  now?: () => number
  charactersPerWorld?: number
}

export class CensusEventGenerator {
  private readonly random: Random
  private readonly now: () => number
  private readonly worlds: WorldState[]
  private activeWorlds: Weighted<WorldState> | undefined
  /** Events that follow from another (a kill's experience, a lock's captures) wait here. */
  private readonly queued: CensusPayload[] = []

  constructor(options: CensusGeneratorOptions) {
    this.random = options.random
    this.now = options.now ?? Date.now
    const characters = options.charactersPerWorld ?? 400
    this.worlds = worldsOf(options.environment).map((world) =>
      createWorld(this.random, world, characters),
    )
    this.refreshActiveWorlds()
  }

  /** The environment's worlds with their current online flag, for banners and heartbeats. */
  worldList(): readonly CensusWorld[] {
    return this.worlds.map((state) => state.world)
  }

  /** Returns false if the world is not in this environment. */
  setWorldOnline(worldId: string, online: boolean): boolean {
    const state = this.worlds.find((candidate) => candidate.world.id === worldId)
    if (!state) return false
    state.world = { ...state.world, online }
    this.refreshActiveWorlds()
    return true
  }

  /** Characters currently logged in, which is what `recentCharacterIds` reports. */
  onlineCharacterIds(worldId?: string): string[] {
    return this.worlds
      .filter((state) => worldId === undefined || state.world.id === worldId)
      .flatMap((state) => state.online.map((character) => character.id))
  }

  /** The next event, or undefined while every world of the environment is offline. */
  next(): CensusPayload | undefined {
    if (this.queued.length > 0) return this.queued.shift()
    if (!this.activeWorlds) return undefined
    const state = pickWeighted(this.random, this.activeWorlds)
    return this.generateOn(pickWeighted(this.random, EVENT_MIX), state)
  }

  /** One event of the given kind, on the named world or a busy online one (for tests, demos). */
  generate(name: CensusEventName, worldId?: string): CensusPayload {
    return this.generateOn(name, this.worldState(worldId))
  }

  private generateOn(name: CensusEventName, state: WorldState): CensusPayload {
    const timestamp = Math.floor(this.now() / 1000).toString()
    // A world needs two people online before anyone can kill or heal anyone.
    if (state.online.length < 2) return this.login(state, timestamp)
    switch (name) {
      case 'Death':
        return this.death(state, timestamp)
      case 'GainExperience':
        return this.experience(state, timestamp, pick(this.random, state.online))
      case 'PlayerLogin':
        return this.login(state, timestamp)
      case 'PlayerLogout':
        return this.logout(state, timestamp)
      case 'BattleRankUp':
        return this.rankUp(state, timestamp)
      case 'FacilityControl':
        return this.facilityControl(state, timestamp, pickWeighted(this.random, ZONES))
      case 'MetagameEvent':
        return this.metagame(state, timestamp, pickWeighted(this.random, ZONES))
      case 'ContinentLock':
        return this.continentLock(state, timestamp, pickWeighted(this.random, ZONES), '1')
    }
  }

  /**
   * Ends an alert on a continent (starting one first if none runs) and returns what the service
   * sends for it at once: the MetagameEvent that ends it, the burst of FacilityControl events that
   * flips every facility to the winner at one timestamp, and the ContinentLock.
   */
  lockContinent(worldId?: string, zoneId?: string): CensusPayload[] {
    const state = this.worldState(worldId)
    const zone = zoneId ?? pickWeighted(this.random, ZONES)
    if (!state.facilities.has(zone)) throw new RangeError(`no continent with zone id ${zone}`)
    const timestamp = Math.floor(this.now() / 1000).toString()
    if (!state.alerts.has(zone)) this.metagame(state, timestamp, zone)
    const queued = this.queued.length
    const ended = this.metagame(state, timestamp, zone)
    return [ended, ...this.queued.splice(queued)]
  }

  private worldState(worldId: string | undefined): WorldState {
    const state =
      worldId !== undefined
        ? this.worlds.find((candidate) => candidate.world.id === worldId)
        : this.activeWorlds
          ? pickWeighted(this.random, this.activeWorlds)
          : this.worlds[0]
    if (!state) throw new Error(`no world ${worldId ?? ''} in this environment`)
    return state
  }

  private refreshActiveWorlds(): void {
    const live = this.worlds.filter((state) => state.world.online && state.world.population > 0)
    this.activeWorlds =
      live.length > 0 ? weighted(live.map((state) => [state, state.world.population])) : undefined
  }

  private death(state: WorldState, timestamp: string): CensusPayload {
    const victim = pick(this.random, state.online)
    const roll = this.random()
    // attacker_character_id "0" is the environment (fall damage, a warpgate shield); equal to the
    // victim it is a suicide. Both happen on the real stream and clients must cope with them.
    const attacker =
      roll < 0.02 ? undefined : roll < 0.04 ? victim : enemyOf(this.random, state, victim)
    const killer = attacker !== undefined && attacker !== victim ? attacker : undefined
    if (killer) killer.zoneId = victim.zoneId
    const vehicle = killer ? pickWeighted(this.random, VEHICLES) : '0'
    const [weaponId, fireModeId] = attacker
      ? pick(this.random, [...WEAPONS[attacker.faction], ...NS_WEAPONS])
      : ['0', '0']
    if (killer) this.queued.push(this.experience(state, timestamp, killer, '1', victim.id))
    return {
      attacker_character_id: attacker?.id ?? '0',
      attacker_fire_mode_id: fireModeId,
      attacker_loadout_id: attacker?.loadoutId ?? '0',
      attacker_team_id: attacker?.team ?? '0',
      attacker_vehicle_id: vehicle,
      attacker_weapon_id: weaponId,
      character_id: victim.id,
      character_loadout_id: victim.loadoutId,
      event_name: 'Death',
      is_critical: '0',
      is_headshot: killer && vehicle === '0' && this.random() < 0.3 ? '1' : '0',
      team_id: victim.team,
      timestamp,
      world_id: state.world.id,
      zone_id: victim.zoneId,
    }
  }

  private experience(
    state: WorldState,
    timestamp: string,
    character: Character,
    experienceId?: string,
    otherId?: string,
  ): CensusPayload {
    const experience =
      EXPERIENCES.items.find((entry) => entry.id === experienceId) ??
      pickWeighted(this.random, EXPERIENCES)
    const multiplier = pick(this.random, EXPERIENCE_MULTIPLIERS)
    const other =
      otherId ??
      (experience.other === 'character'
        ? pick(this.random, state.online).id
        : experience.other === 'object'
          ? randomInt(this.random, 1, 99_999).toString()
          : '0')
    return {
      amount: Math.round(experience.amount * multiplier).toString(),
      character_id: character.id,
      event_name: 'GainExperience',
      experience_id: experience.id,
      loadout_id: character.loadoutId,
      other_id: other,
      team_id: character.team,
      timestamp,
      world_id: state.world.id,
      zone_id: character.zoneId,
    }
  }

  private login(state: WorldState, timestamp: string): CensusPayload {
    const character =
      move(this.random, state.offline, state.online) ?? pick(this.random, state.online)
    deploy(this.random, character)
    const { id: world_id } = state.world
    return { character_id: character.id, event_name: 'PlayerLogin', timestamp, world_id }
  }

  private logout(state: WorldState, timestamp: string): CensusPayload {
    const character =
      move(this.random, state.online, state.offline) ?? pick(this.random, state.offline)
    const { id: world_id } = state.world
    return { character_id: character.id, event_name: 'PlayerLogout', timestamp, world_id }
  }

  private rankUp(state: WorldState, timestamp: string): CensusPayload {
    const character = pick(this.random, state.online)
    // Past 120 an ASP prestige starts the count again from 1.
    character.battleRank = character.battleRank >= 120 ? 1 : character.battleRank + 1
    return {
      battle_rank: character.battleRank.toString(),
      character_id: character.id,
      event_name: 'BattleRankUp',
      timestamp,
      world_id: state.world.id,
      zone_id: character.zoneId,
    }
  }

  private facilityControl(
    state: WorldState,
    timestamp: string,
    zoneId: string,
    winner?: FactionId,
    facility: Facility = pick(this.random, state.facilities.get(zoneId) ?? []),
  ): CensusPayload {
    const oldFaction = facility.owner
    // Without a winner it is a capture or a successful defence (same faction before and after),
    // which the real service also reports as FacilityControl.
    const captured = winner === undefined && this.random() < 0.7
    const others = EMPIRES.filter((empire) => empire !== oldFaction)
    const newFaction = winner ?? (captured ? pick(this.random, others) : oldFaction)
    facility.owner = newFaction
    const outfit = captured && this.random() < 0.8 ? pick(this.random, state.outfits) : '0'
    return {
      duration_held: randomInt(this.random, 60, 20_000).toString(),
      event_name: 'FacilityControl',
      facility_id: facility.id,
      new_faction_id: newFaction,
      old_faction_id: oldFaction,
      outfit_id: outfit,
      timestamp,
      world_id: state.world.id,
      zone_id: zoneId,
    }
  }

  private metagame(state: WorldState, timestamp: string, zoneId: string): CensusPayload {
    const running = state.alerts.get(zoneId)
    const alert = running ?? {
      instanceId: randomInt(this.random, 10_000, 60_000).toString(),
      eventId: pick(this.random, METAGAME_EVENTS[zoneId] ?? ['147']),
    }
    // Territory shares in percent; a few hexes always stay unclaimed.
    const raw = EMPIRES.map(() => 0.5 + this.random())
    const total = raw.reduce((sum, value) => sum + value, 0) / 0.97
    const [vs = 0, nc = 0, tr = 0] = raw.map((value) => (value / total) * 100)
    const phase = running ? METAGAME_ENDED : METAGAME_STARTED
    if (running) {
      state.alerts.delete(zoneId)
      this.queueLock(state, timestamp, zoneId, vs >= nc && vs >= tr ? '1' : nc >= tr ? '2' : '3')
    } else {
      state.alerts.set(zoneId, alert)
    }
    return {
      event_name: 'MetagameEvent',
      experience_bonus: pick(this.random, ['25.000000', '30.000000']),
      faction_nc: nc.toFixed(6),
      faction_tr: tr.toFixed(6),
      faction_vs: vs.toFixed(6),
      instance_id: alert.instanceId,
      metagame_event_id: alert.eventId,
      metagame_event_state: phase.id,
      metagame_event_state_name: phase.name,
      timestamp,
      world_id: state.world.id,
      zone_id: zoneId,
    }
  }

  /**
   * What a lock produces after the alert's end: every facility the winner lacked flips, all at one
   * timestamp (dozens of FacilityControl events), then the ContinentLock itself.
   */
  private queueLock(state: WorldState, timestamp: string, zoneId: string, winner: FactionId) {
    const facilities = state.facilities.get(zoneId) ?? []
    const held = new Map<FactionId, number>()
    for (const facility of facilities) held.set(facility.owner, (held.get(facility.owner) ?? 0) + 1)
    // The faction that held most of the continent before the lock.
    const previous = [...held].sort((a, b) => b[1] - a[1])[0]?.[0] ?? winner
    for (const facility of facilities) {
      if (facility.owner === winner) continue
      this.queued.push(this.facilityControl(state, timestamp, zoneId, winner, facility))
    }
    this.queued.push(this.continentLock(state, timestamp, zoneId, winner, previous))
  }

  private continentLock(
    state: WorldState,
    timestamp: string,
    zoneId: string,
    winner: FactionId,
    previous: FactionId = pick(this.random, EMPIRES),
  ): CensusPayload {
    // Populations are the share of players per empire on the continent, as whole percents.
    const raw = EMPIRES.map(() => 0.6 + this.random())
    const total = raw.reduce((sum, value) => sum + value, 0)
    const [vs = 0, nc = 0, tr = 0] = raw.map((value) => Math.round((value / total) * 100))
    return {
      event_name: 'ContinentLock',
      metagame_event_id: pick(this.random, METAGAME_EVENTS[zoneId] ?? ['147']),
      nc_population: nc.toString(),
      previous_faction: previous,
      timestamp,
      tr_population: tr.toString(),
      triggering_faction: winner,
      vs_population: vs.toString(),
      world_id: state.world.id,
      zone_id: zoneId,
    }
  }
}
