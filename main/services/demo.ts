/**
 * What a new user sees on first run: a source on the in-process PlanetSide 2 Census simulator,
 * so events flow through the real pipeline (websocket, classifier, batching) at once.
 */

import { emptyConfig, type Config } from '../../shared/config'
import type { SourceConfig } from '../../shared/source-config'

export const DEMO_SOURCE_ID = 'demo-census'

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

export function demoConfig(): Config {
  return { ...emptyConfig(), sources: [demoSource()] }
}
