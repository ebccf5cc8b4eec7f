import { CENSUS_SUBSCRIBE_ALL } from '../shared/presets/census-subscription'

/**
 * A config v1 source on the Census simulator, `rate` events a second, subscribed to everything.
 * Sources naming one service id share one simulator, and its rate.
 */
export function censusSource(id: string, name: string, rate: number, serviceId = id) {
  return {
    id,
    name,
    preset: 'census',
    url: `sim://census/streaming?environment=ps2&service-id=s:${serviceId}&rate=${rate}`,
    onOpen: [CENSUS_SUBSCRIBE_ALL],
  }
}
