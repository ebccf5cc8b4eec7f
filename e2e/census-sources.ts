/** The message a Census source sends on open to receive every event of every world. */
export const SUBSCRIBE_ALL = {
  service: 'event',
  action: 'subscribe',
  characters: ['all'],
  worlds: ['all'],
  eventNames: ['all'],
  logicalAndCharactersWithWorlds: false,
}

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
    onOpen: [SUBSCRIBE_ALL],
  }
}
