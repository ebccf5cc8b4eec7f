/**
 * What a new user sees on first run: a source on the in-process PlanetSide 2 Census simulator,
 * so events flow through the real pipeline (websocket, classifier, batching) at once, triggers on
 * it that fire within seconds while showing off noise control (cooldowns that hold the two to
 * about one notification a minute together, counting what they hold back), and the outage
 * trigger every new configuration starts with (shared/outage-trigger.ts).
 */

import { emptyConfig, type Config } from '../../shared/config'
import type { SourceConfig } from '../../shared/source-config'
import { withOutageTrigger } from '../../shared/outage-trigger'
import { DEMO_SOURCE_ID } from '../../shared/source-ids'
import type { TriggerConfig } from '../../shared/trigger-config'

export { DEMO_SOURCE_ID }

export function demoSource(): SourceConfig {
  return {
    id: DEMO_SOURCE_ID,
    name: 'Demo: PlanetSide 2 (simulated)',
    preset: 'census',
    enabled: true,
    url: 'sim://census/streaming?environment=ps2&service-id=s:demo',
    headers: {},
    onOpen: [],
    // The Census preset subscribes on every connect, re-sends it and checks the server's echo.
    options: {
      eventNames: ['Death', 'GainExperience', 'PlayerLogin', 'PlayerLogout', 'BattleRankUp'],
      characters: ['all'],
      worlds: ['all'],
      logicalAndCharactersWithWorlds: false,
    },
  }
}

/**
 * At the simulator's 5 events a second about one Death in five is a headshot by another player,
 * so the first notification comes within seconds, then at most one every two minutes; a battle
 * rank of 100 or more comes about once a minute, told at most once every five. Together that is
 * about one notification a minute (main/integration/demo-rate.test.ts holds it there): lively,
 * never noise. The trigger list counts what the cooldowns held back.
 */
export function demoTriggers(): TriggerConfig[] {
  return [
    {
      id: 'demo-headshots',
      name: 'Demo: headshot kills',
      enabled: true,
      sources: [DEMO_SOURCE_ID],
      events: ['Death'],
      condition: {
        all: [
          { field: 'payload.is_headshot', op: 'is-true' },
          // "0" is the environment, not a kill. (A suicide, attacker and victim the same, is never
          // a headshot; a condition cannot compare two fields.)
          { field: 'payload.attacker_character_id', op: 'neq', value: '0' },
        ],
      },
      actions: [
        {
          type: 'notify',
          title: 'Headshot on world {{payload.world_id}}',
          body: '{{payload.attacker_character_id}} killed {{payload.character_id}} with weapon {{payload.attacker_weapon_id}}',
          urgency: 'normal',
        },
      ],
      noise: { cooldown: { seconds: 120 }, quietHours: [] },
      mode: 'every',
    },
    {
      id: 'demo-battle-rank',
      name: 'Demo: battle rank 100 and up',
      enabled: true,
      sources: [DEMO_SOURCE_ID],
      events: ['BattleRankUp'],
      condition: { field: 'payload.battle_rank', op: 'gte', value: 100 },
      actions: [
        {
          type: 'notify',
          title: '{{payload.character_id}} reached BR {{payload.battle_rank}}',
          body: 'World {{payload.world_id}}, zone {{payload.zone_id}}',
          urgency: 'low',
        },
      ],
      noise: { cooldown: { seconds: 300 }, quietHours: [] },
      mode: 'every',
    },
  ]
}

/** The first run's configuration: the demo, and the outage trigger of every new configuration. */
export function demoConfig(): Config {
  return withOutageTrigger({ ...emptyConfig(), sources: [demoSource()], triggers: demoTriggers() })
}
