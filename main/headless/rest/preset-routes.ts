import type { AnyRestRoute } from './rest-route'

/** The presets a source may name, with their `options` fields and known event types. */
export const presetRoutes: AnyRestRoute[] = [
  {
    method: 'GET',
    path: '/api/presets',
    channel: 'preset:list',
    answer: (presets) => ({ presets }),
  },
]
