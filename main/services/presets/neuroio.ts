/**
 * NeuroIO events. Facts it rests on (../shared/protocols.md):
 * - auth is in-band: `{"action":"AUTH","data":{"token":…}}` at once after connect, answered by
 *   `{"auth":"ok"}`, or by `{"error":…}` for a bad token (the socket stays open, unauthenticated);
 * - `{"action":"PING"}` every 5 s must be answered `{"PING":"PONG"}`; anything else, or nothing,
 *   means the connection is unhealthy: nothing is the keepalive's to notice, and a `PING` answer
 *   other than PONG drops the connection at once (an answer without the `PING` key cannot be told
 *   from other frames, so it is left to the keepalive's timeout);
 * - events are `{"id": n, "data": {entry}}`: the entry is the payload, typed by `result`;
 * - `{"error": …}` after auth is an error the service reports;
 * - binary frames are sent now and then and carry nothing for clients: counted as ignored.
 */

import { neuroioDescriptor, type NeuroioOptions } from '../../../shared/presets/neuroio'
import { framePreview } from './frame-match'
import type { PresetContext, PresetFor } from './preset'

function field(frame: unknown, key: string): unknown {
  return frame !== null && typeof frame === 'object'
    ? (frame as Record<string, unknown>)[key]
    : undefined
}

export const neuroioPreset: PresetFor<'neuroio'> = {
  id: neuroioDescriptor.id,
  defaultEventTypePath: neuroioDescriptor.defaultEventTypePath,
  defaults: {
    auth: ({ options }) =>
      options.tokenSecretRef === undefined
        ? undefined
        : {
            settings: {
              type: 'message',
              template: { action: 'AUTH', data: { token: '{{secret}}' } },
              secret: options.tokenSecretRef,
            },
          },
    authReply: (frame) => {
      const error = field(frame, 'error')
      if (error !== undefined)
        return {
          outcome: 'rejected',
          message: `NeuroIO rejected the token: ${typeof error === 'string' ? error : framePreview(error)}`,
        }
      return field(frame, 'auth') === 'ok' ? { outcome: 'accepted' } : undefined
    },
    appPing: {
      message: { action: 'PING' },
      intervalMs: 5_000,
      expectReply: { path: 'PING', equals: 'PONG' },
    },
    ignoreBinaryFrames: true,
  },
  createClassifier: ({ typeOf }: PresetContext<NeuroioOptions>) => ({
    classify(frame, sink) {
      // The keepalive takes {"PING":"PONG"} before frames get here (unless the source turned the
      // ping off), so a PING answer here is the service saying the connection is unhealthy.
      const ping = field(frame, 'PING')
      if (ping !== undefined && ping !== 'PONG')
        return sink.unhealthy(
          `NeuroIO answered PING with ${framePreview(frame)}, not PONG: the connection is unhealthy`,
        )
      const data = field(frame, 'data')
      if (data !== null && typeof data === 'object') return sink.event(typeOf(data), data, 'data')
      const error = field(frame, 'error')
      if (error !== undefined)
        return sink.error(`NeuroIO: ${typeof error === 'string' ? error : framePreview(error)}`)
      sink.control(frame)
    },
  }),
}
