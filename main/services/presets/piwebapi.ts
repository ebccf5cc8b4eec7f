/**
 * PI Web API channels (OSIsoft / AVEVA). Facts it rests on (../shared/protocols.md):
 * - credentials go on the upgrade request (Basic or Bearer); without them the server answers 401
 *   with `WWW-Authenticate`;
 * - each message is flattened into one event per (stream, value) (piwebapi-flatten.ts), typed by
 *   the stream's Name unless the source says otherwise;
 * - an empty message is a heartbeat, a `WebException` body an error;
 * - with `heartbeatRate` N the server sends a message at least every N polling intervals (values,
 *   or an empty one), so both prove the channel still polls; twice that without either marks it
 *   stale. The polling interval is the server's configuration, which no message reveals: it is
 *   an option (`pollingIntervalMs`).
 */

import { piDescriptor, type PiOptions } from '../../../shared/presets/piwebapi'
import { flattenPiMessage } from './piwebapi-flatten'
import type { PresetAuth, PresetContext, PresetFor } from './preset'
import { jsonEqual } from '../../../shared/utils/json-equal'

function piAuth(options: PiOptions): PresetAuth | undefined {
  if (options.auth === 'basic' && options.passwordSecretRef !== undefined)
    return {
      settings: {
        type: 'header',
        name: 'Authorization',
        scheme: 'basic',
        username: options.username ?? '',
        secret: options.passwordSecretRef,
      },
    }
  if (options.auth === 'bearer' && options.tokenSecretRef !== undefined)
    return {
      settings: {
        type: 'header',
        name: 'Authorization',
        scheme: 'bearer',
        secret: options.tokenSecretRef,
      },
    }
  return undefined
}

export const piPreset: PresetFor<'piwebapi'> = {
  id: piDescriptor.id,
  defaultEventTypePath: piDescriptor.defaultEventTypePath,
  defaults: {
    auth: ({ options }) => piAuth(options),
    heartbeatTimeoutMs: ({ options }) => 2 * options.heartbeatRate * options.pollingIntervalMs,
    // Credentials need a new upgrade; the rest only fed the URL the form built (the source's
    // `url` decides where to connect, and a change there reconnects on its own).
    liveChange: (before, after) => (jsonEqual(piAuth(before), piAuth(after.options)) ? [] : null),
    explain: (facts) => {
      if (facts.kind === 'refused' && facts.status === 401)
        return {
          message:
            'PI Web API did not accept the credentials: check the user and password (or token)',
          kind: 'auth',
          hard: true,
        }
      return undefined
    },
  },
  createClassifier: ({ typeOf }: PresetContext<PiOptions>) => ({
    classify(frame, sink) {
      const message = flattenPiMessage(frame)
      switch (message.kind) {
        case 'values':
          // Values prove the channel polls as well as an empty message does.
          sink.heartbeat()
          for (const event of message.events) sink.event(typeOf(event), event)
          return
        case 'heartbeat':
          return sink.heartbeat()
        case 'error':
          return sink.error(message.message)
        case 'other':
          return sink.control(frame)
      }
    },
  }),
}
