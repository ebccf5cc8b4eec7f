/**
 * The frames the Census event service sends besides events, shaped as protocols.md records them.
 * Values are strings even where they mean booleans or numbers ("true", unix seconds), because
 * the real service sends them that way and clients have to parse them.
 */

import type { CensusPayload } from './census-events'
import { endpointName, type CensusWorld } from './census-data'

export const CONNECTED_FRAME = {
  connected: 'true',
  service: 'push',
  type: 'connectionStateChanged',
} as const

export const HELP_BANNER = { 'send this for help': { service: 'event', action: 'help' } } as const

export function serviceStateFrame(world: CensusWorld) {
  return {
    detail: endpointName(world),
    online: world.online ? 'true' : 'false',
    service: 'event',
    type: 'serviceStateChanged',
  }
}

export function unixSeconds(nowMs: number): string {
  return Math.floor(nowMs / 1000).toString()
}

export function heartbeatFrame(worlds: readonly CensusWorld[], nowMs: number) {
  const online: Record<string, string> = {}
  for (const world of worlds) online[endpointName(world)] = world.online ? 'true' : 'false'
  return { online, service: 'event', type: 'heartbeat', timestamp: unixSeconds(nowMs) }
}

/** Events, echoes and answers to recentCharacterIds all travel in this envelope. */
export function serviceMessage(payload: unknown) {
  return { payload, service: 'event', type: 'serviceMessage' }
}

/**
 * The same event in an envelope serialised another way (keys in another order), as a repeat may
 * arrive when it passes through another node: its bytes differ, its payload does not.
 */
export function reserialisedServiceMessage(payload: unknown) {
  return { service: 'event', type: 'serviceMessage', payload }
}

/** The simulator's answer to a message it cannot act on; the connection stays open. */
export function errorFrame(message: string) {
  return { error: message }
}

const EXAMPLE_DEATH: CensusPayload = {
  attacker_character_id: '5428010618035323201',
  attacker_fire_mode_id: '16001',
  attacker_loadout_id: '15',
  attacker_team_id: '1',
  attacker_vehicle_id: '0',
  attacker_weapon_id: '7169',
  character_id: '5428713425545165425',
  character_loadout_id: '4',
  event_name: 'Death',
  is_critical: '0',
  is_headshot: '1',
  team_id: '2',
  timestamp: '1706357108',
  world_id: '17',
  zone_id: '2',
}

/** The answer to `help`: example payloads and example messages, as the service gives them. */
export const HELP_RESPONSE = {
  'example event service message payloads': { Death: EXAMPLE_DEATH },
  'example messages to event service': {
    subscribe: {
      service: 'event',
      action: 'subscribe',
      characters: ['all'],
      worlds: ['1', '10'],
      eventNames: ['Death', 'GainExperience_experience_id_4'],
      logicalAndCharactersWithWorlds: true,
    },
    clearSubscribe: { service: 'event', action: 'clearSubscribe', all: 'true' },
    echo: { service: 'event', action: 'echo', payload: { test: 'test' } },
    recentCharacterIds: { service: 'event', action: 'recentCharacterIds' },
    recentCharacterIdsCount: { service: 'event', action: 'recentCharacterIdsCount' },
  },
} as const
