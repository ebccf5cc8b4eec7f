/**
 * What a Census source subscribes to: the subscribe message built from its options, with the
 * service's semantics applied (protocols.md "Semantics"). Only types come from census.ts, so the
 * two modules load in either order.
 */

import type { CensusOptions } from './census'
import { CENSUS_WORLDS, type CensusEnvironment } from './census-worlds'

/** The subscription Vigil asks the service for: what the subscribe message carries. */
export interface CensusSubscriptionRequest {
  /** Empty: the key is left out of the message. */
  characters: string[]
  /** Empty: the key is left out of the message. */
  worlds: string[]
  eventNames: string[]
  logicalAndCharactersWithWorlds: boolean
}

const ALL = 'all'

/**
 * The subscribe message of a script that wants every event of every character and world: what
 * legacy configs put in `onOpen`, and what the tests and benchmarks send the simulators.
 */
export const CENSUS_SUBSCRIBE_ALL = {
  service: 'event',
  action: 'subscribe',
  characters: [ALL],
  worlds: [ALL],
  eventNames: [ALL],
  logicalAndCharactersWithWorlds: false,
} as const

/** Named ids without `all`: the list narrows what matches. */
function narrows(list: readonly string[]): boolean {
  return list.length > 0 && !list.includes(ALL)
}

/** Events about a world rather than a character (protocols.md "Semantics"). */
export const CENSUS_WORLD_EVENTS: readonly string[] = [
  'ContinentLock',
  'ContinentUnlock',
  'FacilityControl',
  'MetagameEvent',
]

/**
 * The environment a source's socket serves: the URL's `environment`, which is what the service
 * reads (a hand-written config may leave the option at its default), else the option.
 */
export function censusEnvironment(url: string, options: CensusOptions): CensusEnvironment {
  let named: string | null = null
  try {
    named = new URL(url).searchParams.get('environment')
  } catch {
    // Not a URL this can read: the option says.
  }
  return named !== null && Object.hasOwn(CENSUS_WORLDS, named)
    ? (named as CensusEnvironment)
    : options.environment
}

/**
 * The subscription for these options, or null when they name no events.
 * - Characters and worlds combine with OR on the service, so `all` on one side and ids on the
 *   other would match every event of every world (or character) and the ids would narrow nothing:
 *   then Vigil asks for AND, as protocols.md's own example does (`"characters":["all"],
 *   "worlds":["1","10"]` with `logicalAndCharactersWithWorlds: true`), which is what narrowing one
 *   side means.
 * - `"worlds":["all"]` is unreliable for world events (FacilityControl, MetagameEvent, ...): when
 *   the subscription includes any, `all` is sent as the environment's known world ids instead. A
 *   world opened after this list was written would need naming by id.
 */
export function censusSubscription(
  options: CensusOptions,
  environment: CensusEnvironment = options.environment,
): CensusSubscriptionRequest | null {
  if (options.eventNames.length === 0) return null
  const { characters, eventNames } = options
  let worlds = options.worlds
  const oneSideNarrowed =
    (characters.includes(ALL) && narrows(worlds)) || (narrows(characters) && worlds.includes(ALL))
  if (worlds.includes(ALL) && eventNames.some((name) => name === ALL || isWorldEvent(name)))
    worlds = [...new Set([...worlds.filter((id) => id !== ALL), ...CENSUS_WORLDS[environment]])]
  return {
    characters,
    worlds,
    eventNames,
    logicalAndCharactersWithWorlds: options.logicalAndCharactersWithWorlds || oneSideNarrowed,
  }
}

function isWorldEvent(name: string): boolean {
  return CENSUS_WORLD_EVENTS.includes(name)
}

/** The subscribe message for these options, or null when they name no events. */
export function censusSubscribeMessage(
  options: CensusOptions,
  environment: CensusEnvironment = options.environment,
): Record<string, unknown> | null {
  const subscription = censusSubscription(options, environment)
  if (subscription === null) return null
  const message: Record<string, unknown> = { service: 'event', action: 'subscribe' }
  if (subscription.characters.length > 0) message.characters = subscription.characters
  if (subscription.worlds.length > 0) message.worlds = subscription.worlds
  message.eventNames = subscription.eventNames
  message.logicalAndCharactersWithWorlds = subscription.logicalAndCharactersWithWorlds
  // Without it the echo reports only a count of specific characters, which cannot show which one
  // the server dropped.
  if (subscription.characters.some((id) => id !== ALL)) message.list_characters = true
  return message
}
