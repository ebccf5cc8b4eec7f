/**
 * PlanetSide 2 Census event stream (ESS): the options a source keeps, the URL the form builds
 * from them, and the events the service sends (../shared/protocols.md). Every value inside a
 * Census payload is a JSON string, numbers and booleans included, so every field here is typed
 * `string`; conditions coerce where they compare numbers.
 */

import { z } from 'zod'
import type { EventTypeSpec, PresetDescriptor } from '../preset-descriptor'
import { optionFields } from './option-fields'
import { secretRefSchema } from '../source-settings'
import { durationOption, listOption } from './option-kit'
import { CENSUS_ENVIRONMENTS, CENSUS_WORLDS } from './census-worlds'

export const CENSUS_ENDPOINTS = {
  official: 'wss://push.planetside2.com/streaming',
  // A community mirror speaking the same protocol, for when the official one is down.
  nanite: 'wss://push.nanite-systems.net/streaming',
} as const
/** The public, heavily throttled service id; used when the source stores none of its own. */
export const PUBLIC_SERVICE_ID = 's:example'
export const EXPERIENCE_EVENT_PREFIX = 'GainExperience_experience_id_'

// Event names are letters (plus the experience-id form); new ones may appear, so any such name is
// accepted and the known ones are offered as suggestions.
const eventName = z
  .string()
  .regex(
    /^(all|[A-Za-z]+|GainExperience_experience_id_\d{1,10})$/,
    'an event name such as Death, all, or GainExperience_experience_id_<id>',
  )
const characterId = z.string().regex(/^(all|\d{1,25})$/, 'a character id (digits) or all')
const worldId = z.string().regex(/^(all|\d{1,6})$/, 'a world id (digits) or all')

export const censusOptionsSchema = z
  .strictObject({
    environment: z.enum(CENSUS_ENVIRONMENTS).default('ps2'),
    endpoint: z.enum(['official', 'nanite']).default('official'),
    /** Added to the URL as `service-id` at connect time; the URL shown never contains it. */
    serviceIdSecretRef: secretRefSchema.optional(),
    /** Empty: Vigil subscribes to nothing itself (a subscription in `onOpen` still works). */
    eventNames: listOption(eventName, 200).default([]),
    characters: listOption(characterId, 10_000).default(['all']),
    worlds: listOption(worldId, 100).default(['all']),
    logicalAndCharactersWithWorlds: z.boolean().default(false),
    /** The subscription is sent again this often while open (0: only on connect). */
    resubscribeMs: durationOption(60_000, 86_400_000).default(300_000),
    /** The service's heartbeat cadence; none for this plus 5 s marks the source stale (0: off). */
    heartbeatIntervalMs: durationOption(1_000, 3_600_000).default(30_000),
    /** Identical payloads within this window are dropped and counted (0: off). */
    dedupeWindowMs: durationOption(100, 600_000).default(5_000),
    /** Event types the duplicate filter lets through: identical GainExperience ones are real. */
    dedupeExempt: listOption(z.string().min(1).max(200), 100).default(['GainExperience']),
  })
  .superRefine((options, ctx) => {
    if (
      options.eventNames.length > 0 &&
      options.characters.length === 0 &&
      options.worlds.length === 0
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['worlds'],
        message: 'name characters or worlds (or "all"): with neither, no event can match',
      })
    }
  })
export type CensusOptions = z.output<typeof censusOptionsSchema>

export function buildCensusUrl(options: z.input<typeof censusOptionsSchema>): string {
  const parsed = censusOptionsSchema.parse(options)
  const url = `${CENSUS_ENDPOINTS[parsed.endpoint]}?environment=${parsed.environment}`
  // With a stored service id, the engine adds it when dialling; the URL keeps no secret.
  return parsed.serviceIdSecretRef ? url : `${url}&service-id=${PUBLIC_SERVICE_ID}`
}

const string = (path: string, description?: string) => ({
  path,
  types: ['string' as const],
  ...(description ? { description } : {}),
})

const COMMON = [string('event_name'), string('timestamp', 'unix seconds'), string('world_id')]

function event(type: string, fields: string[], description: string): EventTypeSpec {
  return { type, description, fields: [...COMMON, ...fields.map((path) => string(path))] }
}

export const CENSUS_EVENTS: EventTypeSpec[] = [
  event(
    'Death',
    [
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
    'A character died; attacker "0" is the environment, the victim itself a suicide.',
  ),
  event(
    'GainExperience',
    ['amount', 'character_id', 'experience_id', 'loadout_id', 'other_id', 'team_id', 'zone_id'],
    'Experience gained (subscribe to GainExperience_experience_id_<id> for one kind).',
  ),
  event('BattleRankUp', ['battle_rank', 'character_id', 'zone_id'], 'A character ranked up.'),
  event('AchievementEarned', ['achievement_id', 'character_id', 'zone_id'], 'A ribbon or medal.'),
  event('SkillAdded', ['skill_id', 'character_id', 'zone_id'], 'A certification bought.'),
  event(
    'ItemAdded',
    ['character_id', 'context', 'item_count', 'item_id', 'zone_id'],
    'An item granted.',
  ),
  event(
    'VehicleDestroy',
    [
      'attacker_character_id',
      'attacker_loadout_id',
      'attacker_team_id',
      'attacker_vehicle_id',
      'attacker_weapon_id',
      'character_id',
      'facility_id',
      'faction_id',
      'team_id',
      'vehicle_id',
      'zone_id',
    ],
    'A vehicle was destroyed.',
  ),
  event(
    'PlayerFacilityCapture',
    ['character_id', 'facility_id', 'outfit_id', 'zone_id'],
    'A character helped capture a facility.',
  ),
  event(
    'PlayerFacilityDefend',
    ['character_id', 'facility_id', 'outfit_id', 'zone_id'],
    'A character helped defend a facility.',
  ),
  event('PlayerLogin', ['character_id'], 'A character logged in.'),
  event('PlayerLogout', ['character_id'], 'A character logged out.'),
  event(
    'FacilityControl',
    ['duration_held', 'facility_id', 'new_faction_id', 'old_faction_id', 'outfit_id', 'zone_id'],
    'A facility changed hands (a continent lock sends dozens with one timestamp).',
  ),
  event(
    'MetagameEvent',
    [
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
    'An alert started (state 135) or ended (138).',
  ),
  event(
    'ContinentLock',
    [
      'metagame_event_id',
      'nc_population',
      'previous_faction',
      'tr_population',
      'triggering_faction',
      'vs_population',
      'zone_id',
    ],
    'A continent locked.',
  ),
]

const KNOWN_WORLDS = Object.values(CENSUS_WORLDS).flat()

export const censusDescriptor: PresetDescriptor<'census'> = {
  id: 'census',
  label: 'PlanetSide 2 Census',
  description:
    'The PlanetSide 2 event stream: deaths, experience, logins, facility captures and alerts, ' +
    'with subscriptions kept up, heartbeats watched and duplicate events dropped.',
  defaultEventTypePath: 'event_name',
  // The stream delivers GainExperience_experience_id_<id> subscriptions as GainExperience events.
  eventAliases: [
    {
      prefix: EXPERIENCE_EVENT_PREFIX,
      valuePattern: '\\d+',
      baseName: 'GainExperience',
      field: 'experience_id',
    },
  ],
  defaultUrl: `${CENSUS_ENDPOINTS.official}?environment=ps2&service-id=${PUBLIC_SERVICE_ID}`,
  fields: optionFields(censusOptionsSchema, [
    {
      key: 'serviceIdSecretRef',
      label: 'Service id',
      kind: 'secret',
      required: false,
      help:
        'Your Census service id (s:yourname), kept in the secret store. Without one Vigil uses ' +
        'the public s:example, which is heavily throttled. A rejected id gets HTTP 403.',
      placeholder: 's:yourname',
      secretRef: '{sourceId}.service-id',
      affectsUrl: true,
    },
    {
      key: 'environment',
      label: 'Environment',
      kind: 'select',
      required: true,
      help: 'One socket per platform: PC, PlayStation US or PlayStation EU.',
      choices: [
        { value: 'ps2', label: 'PC (ps2)' },
        { value: 'ps2ps4us', label: 'PS4 US (ps2ps4us)' },
        { value: 'ps2ps4eu', label: 'PS4 EU (ps2ps4eu)' },
      ],
      affectsUrl: true,
    },
    {
      key: 'endpoint',
      label: 'Endpoint',
      kind: 'select',
      required: true,
      help: 'The official server, or the community mirror with the same protocol.',
      choices: [
        { value: 'official', label: 'push.planetside2.com (official)' },
        { value: 'nanite', label: 'push.nanite-systems.net (community mirror)' },
      ],
      affectsUrl: true,
    },
    {
      key: 'eventNames',
      label: 'Events',
      kind: 'list',
      required: true,
      help:
        'Event names to subscribe to, or all. GainExperience_experience_id_<id> narrows ' +
        'experience to one kind. Empty: Vigil subscribes to nothing itself.',
      suggestions: ['all', ...CENSUS_EVENTS.map((spec) => spec.type)],
    },
    {
      key: 'characters',
      label: 'Characters',
      kind: 'list',
      required: false,
      help: 'Character ids (19 digits), or all. A Death matches if killer or victim is listed.',
      suggestions: ['all'],
    },
    {
      key: 'worlds',
      label: 'Worlds',
      kind: 'list',
      required: false,
      help:
        'World ids (Connery 1, Miller 10, Cobalt 13, Emerald 17, Jaeger 19, Briggs 25, Soltech ' +
        '40; PS4 Genudine 1000, Ceres 2000), or all. All is unreliable for world events ' +
        '(FacilityControl, MetagameEvent, ContinentLock): Vigil sends the known ids for them.',
      suggestions: ['all', ...KNOWN_WORLDS],
    },
    {
      key: 'logicalAndCharactersWithWorlds',
      label: 'Characters AND worlds',
      kind: 'boolean',
      required: false,
      help:
        'Match only events of the listed characters on the listed worlds (default: either). ' +
        'With all on one side and ids on the other, Vigil asks for AND: either would be everything.',
    },
    {
      key: 'resubscribeMs',
      label: 'Re-send subscription every',
      kind: 'number',
      required: false,
      unit: 'ms',
      help: 'The server has been seen altering live subscriptions; 0 sends it on connect only.',
    },
    {
      key: 'heartbeatIntervalMs',
      label: 'Heartbeat interval',
      kind: 'number',
      required: false,
      unit: 'ms',
      help:
        'The service sends a heartbeat about every 30 s; none for this long plus 5 s marks the ' +
        'source stale.',
    },
    {
      key: 'dedupeWindowMs',
      label: 'Duplicate window',
      kind: 'number',
      required: false,
      unit: 'ms',
      help: 'The stream repeats events: an identical payload within this window is dropped.',
    },
    {
      key: 'dedupeExempt',
      label: 'Never dropped as duplicates',
      kind: 'list',
      required: false,
      help: 'Event types whose identical repeats are real (two identical experience ticks).',
      suggestions: CENSUS_EVENTS.map((spec) => spec.type),
    },
  ]),
  events: CENSUS_EVENTS,
  examples: {
    message:
      '{"service": "event", "action": "subscribe", "worlds": ["1"], "eventNames": ["Death"]}',
  },
}
