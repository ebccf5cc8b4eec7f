/**
 * One connection's Census subscription: how subscribe and clearSubscribe messages change it, the
 * echo the service answers with, and which events it lets through. Pure, so the rules that real
 * clients trip over are tested here without a socket:
 * - subscriptions add up across calls; an empty subscribe only reports the current one;
 * - characters and worlds combine with OR unless logicalAndCharactersWithWorlds is true;
 * - a Death matches if the killer or the victim is subscribed;
 * - `GainExperience_experience_id_<id>` narrows GainExperience to one experience id;
 * - world-centric events (FacilityControl, MetagameEvent, ContinentLock) match on worlds only;
 *   `"worlds":["all"]` is unreliable for them on the real service, which `strictWorldEvents`
 *   plays by never matching them through `all`.
 */

/** Events about a world rather than a character: characters never select them. */
const WORLD_CENTRIC = new Set([
  'ContinentLock',
  'ContinentUnlock',
  'FacilityControl',
  'MetagameEvent',
])
const EXPERIENCE_PREFIX = 'GainExperience_experience_id_'
const ALL = 'all'

/** The fields subscribe and clearSubscribe share, already checked. */
export interface SubscriptionFields {
  characters?: string[]
  worlds?: string[]
  eventNames?: string[]
  logicalAndCharactersWithWorlds?: boolean
  /** clearSubscribe only: drop everything. */
  all?: boolean
  /** Echo the character ids instead of their count. */
  listCharacters?: boolean
}

export interface SubscriptionEcho {
  subscription: {
    characters?: string[]
    characterCount?: number
    eventNames: string[]
    logicalAndCharactersWithWorlds: boolean
    worlds: string[]
  }
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

// Clients send booleans either way: ps2census sends true, others (and the service's own echo of
// `all`) use the string "true".
function parseBoolean(value: unknown, key: string): Parsed<boolean | undefined> {
  if (value === undefined) return { ok: true, value: undefined }
  if (value === true || value === 'true') return { ok: true, value: true }
  if (value === false || value === 'false') return { ok: true, value: false }
  return { ok: false, error: `${key} must be true or false` }
}

// Ids are strings on the wire, but a number is taken as its string rather than refused.
function parseList(value: unknown, key: string): Parsed<string[] | undefined> {
  if (value === undefined) return { ok: true, value: undefined }
  if (!Array.isArray(value)) return { ok: false, error: `${key} must be an array of strings` }
  const list: string[] = []
  for (const item of value) {
    if (typeof item === 'string') list.push(item)
    else if (typeof item === 'number' && Number.isFinite(item)) list.push(item.toString())
    else return { ok: false, error: `${key} must be an array of strings` }
  }
  return { ok: true, value: list }
}

/** Reads the subscription fields of a client message; unknown keys are ignored, as the service does. */
export function parseSubscriptionFields(
  message: Record<string, unknown>,
): Parsed<SubscriptionFields> {
  const fields: SubscriptionFields = {}
  for (const key of ['characters', 'worlds', 'eventNames'] as const) {
    const list = parseList(message[key], key)
    if (!list.ok) return list
    if (list.value) fields[key] = list.value
  }
  const flags = [
    ['logicalAndCharactersWithWorlds', 'logicalAndCharactersWithWorlds'],
    ['all', 'all'],
    ['listCharacters', 'list_characters'],
  ] as const
  for (const [field, key] of flags) {
    const flag = parseBoolean(message[key], key)
    if (!flag.ok) return flag
    if (flag.value !== undefined) fields[field] = flag.value
  }
  return { ok: true, value: fields }
}

export interface CensusSubscriptionOptions {
  /** World events reach only subscribers that list their world's id: `all` does not match them. */
  strictWorldEvents?: boolean
}

export class CensusSubscription {
  private readonly strictWorldEvents: boolean
  private readonly characters = new Set<string>()
  private readonly worlds = new Set<string>()
  private readonly eventNames = new Set<string>()
  /** Experience ids named through `GainExperience_experience_id_<id>`. */
  private readonly experienceIds = new Set<string>()
  private logicalAnd = false

  constructor(options: CensusSubscriptionOptions = {}) {
    this.strictWorldEvents = options.strictWorldEvents ?? false
  }

  /** Adds to the subscription: nothing already subscribed is dropped. */
  subscribe(fields: SubscriptionFields): void {
    for (const id of fields.characters ?? []) this.characters.add(id)
    for (const id of fields.worlds ?? []) this.worlds.add(id)
    for (const name of fields.eventNames ?? []) {
      this.eventNames.add(name)
      if (name.startsWith(EXPERIENCE_PREFIX))
        this.experienceIds.add(name.slice(EXPERIENCE_PREFIX.length))
    }
    if (fields.logicalAndCharactersWithWorlds !== undefined) {
      this.logicalAnd = fields.logicalAndCharactersWithWorlds
    }
  }

  /** Removes what is listed, or everything with `all`. */
  clear(fields: SubscriptionFields): void {
    if (fields.all) {
      this.characters.clear()
      this.worlds.clear()
      this.eventNames.clear()
      this.experienceIds.clear()
      this.logicalAnd = false
      return
    }
    for (const id of fields.characters ?? []) this.characters.delete(id)
    for (const id of fields.worlds ?? []) this.worlds.delete(id)
    for (const name of fields.eventNames ?? []) {
      this.eventNames.delete(name)
      if (name.startsWith(EXPERIENCE_PREFIX))
        this.experienceIds.delete(name.slice(EXPERIENCE_PREFIX.length))
    }
    if (fields.logicalAndCharactersWithWorlds !== undefined) {
      this.logicalAnd = fields.logicalAndCharactersWithWorlds
    }
  }

  /** True while no event can match, so the server can skip work for this connection. */
  get isEmpty(): boolean {
    return this.eventNames.size === 0 || (this.characters.size === 0 && this.worlds.size === 0)
  }

  /**
   * The echo sent after every subscribe and clearSubscribe. Like the service, it lists characters
   * only when subscribed to all of them (or when asked with list_characters) and otherwise
   * reports `characterCount`, which is a number; the flag is a real boolean.
   */
  echo(listCharacters = false): SubscriptionEcho {
    const characters = this.characters.has(ALL)
      ? { characters: [ALL] }
      : listCharacters
        ? { characters: [...this.characters] }
        : { characterCount: this.characters.size }
    return {
      subscription: {
        ...characters,
        eventNames: [...this.eventNames],
        logicalAndCharactersWithWorlds: this.logicalAnd,
        worlds: [...this.worlds],
      },
    }
  }

  /** Whether an event payload is delivered to this subscriber. Called per event: keep it cheap. */
  matches(payload: Readonly<Record<string, string | undefined>>): boolean {
    const name = payload.event_name
    if (name === undefined || !this.matchesName(name, payload.experience_id)) return false
    const worldId = payload.world_id
    const listed = worldId !== undefined && this.worlds.has(worldId)
    const byWorld = listed || this.worlds.has(ALL)
    // Documented as unreliable on the real service for world events, where clients should list
    // world ids; the simulator honours "all" so that demos work either way, unless told not to.
    if (WORLD_CENTRIC.has(name)) return this.strictWorldEvents ? listed : byWorld
    const byCharacter =
      this.characters.has(ALL) ||
      this.hasCharacter(payload.character_id) ||
      (name === 'Death' && this.hasCharacter(payload.attacker_character_id))
    return this.logicalAnd ? byCharacter && byWorld : byCharacter || byWorld
  }

  private matchesName(name: string, experienceId: string | undefined): boolean {
    if (this.eventNames.has(ALL) || this.eventNames.has(name)) return true
    return (
      name === 'GainExperience' &&
      experienceId !== undefined &&
      this.experienceIds.has(experienceId)
    )
  }

  private hasCharacter(id: string | undefined): boolean {
    return id !== undefined && id !== '0' && this.characters.has(id)
  }
}
