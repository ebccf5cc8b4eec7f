/**
 * PlanetSide 2 Census event stream (ESS). Facts it rests on (../shared/protocols.md):
 * - events arrive as `{"payload":{...},"service":"event","type":"serviceMessage"}`; the event is
 *   the inner payload and its type is `payload.event_name`;
 * - `{"type":"heartbeat",...}` arrives about every 30 s and proves the channel is alive;
 * - connection state, service state, the help banner and subscription echoes are control frames;
 * - clients treat 30+ s without a heartbeat as a dead connection: the silence window allows one
 *   missed heartbeat and some slack before the source is marked stale.
 */

import type { Preset } from './preset'

interface CensusFrame {
  type?: unknown
  service?: unknown
  payload?: unknown
}

export const censusPreset: Preset = {
  id: 'census',
  label: 'PlanetSide 2 Census',
  defaultEventTypePath: 'event_name',
  defaults: { silenceMs: 65_000 },
  createClassifier: (_source, typeOf) => ({
    classify(frame, sink) {
      const census = frame as CensusFrame
      if (census !== null && typeof census === 'object') {
        if (
          census.type === 'serviceMessage' &&
          census.payload !== null &&
          typeof census.payload === 'object'
        ) {
          sink.event(typeOf(census.payload), census.payload)
          return
        }
        if (census.type === 'heartbeat') {
          sink.heartbeat()
          return
        }
      }
      sink.control(frame)
    },
  }),
}
