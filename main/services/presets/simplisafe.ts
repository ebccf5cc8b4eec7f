/**
 * SimpliSafe socketlink. Facts it rests on (../shared/protocols.md):
 * - frames are CloudEvents 1.0-shaped JSON; the client identifies first, with the access token in
 *   `data.auth` and the namespaces to join (`uid:<user id>`) in `data.join`; the identify carries
 *   the time and an id made from it, so it is built at each connect;
 * - the service answers hello, registered, then subscribed per namespace joined: the login counts
 *   as accepted at `subscribed` (a token for another user joins nothing, and says nothing);
 * - `com.simplisafe.event.standard` frames are events; their `data` is the payload, typed by the
 *   name of `eventCid` (unknown codes keep their number: `cid_1602`);
 * - clients ping every 55 s and treat 5 minutes of silence as dead;
 * - since late 2025 the service answers some clients' upgrades with 403 in a loop: the engine
 *   backs off to the reconnect cap, and the message says so.
 */

import {
  simplisafeDescriptor,
  simplisafeEventType,
  type SimplisafeOptions,
} from '../../../shared/presets/simplisafe'
import type { PresetContext, PresetFor } from './preset'

export const SIMPLISAFE_TYPES = {
  identify: 'com.simplisafe.connection.identify',
  hello: 'com.simplisafe.service.hello',
  registered: 'com.simplisafe.service.registered',
  subscribed: 'com.simplisafe.namespace.subscribed',
  event: 'com.simplisafe.event.standard',
} as const

/** The close code the socketlink uses for a refused identify (4401, as HTTP 401). */
const UNAUTHORIZED_CLOSE = 4401

function identify(options: SimplisafeOptions, token: string, now = Date.now()) {
  return {
    datacontenttype: 'application/json',
    type: SIMPLISAFE_TYPES.identify,
    time: new Date(now).toISOString(),
    id: `ts:${now}`,
    specversion: '1.0',
    source: options.userAgent,
    data: { auth: { schema: 'bearer', token }, join: [`uid:${options.userId ?? ''}`] },
  }
}

function frameType(frame: unknown): unknown {
  return frame !== null && typeof frame === 'object'
    ? (frame as { type?: unknown }).type
    : undefined
}

export const simplisafePreset: PresetFor<'simplisafe'> = {
  id: simplisafeDescriptor.id,
  defaultEventTypePath: simplisafeDescriptor.defaultEventTypePath,
  defaults: {
    auth: ({ options }) => {
      if (options.accessTokenSecretRef === undefined || options.userId === undefined)
        return undefined
      return {
        // The template shows the shape; renderLogin fills the time and id at each connect.
        settings: {
          type: 'message',
          template: identify(options, '{{secret}}', 0),
          secret: options.accessTokenSecretRef,
        },
        renderLogin: (secret) => JSON.stringify(identify(options, secret ?? '')),
      }
    },
    authReply: (frame) =>
      frameType(frame) === SIMPLISAFE_TYPES.subscribed ? { outcome: 'accepted' } : undefined,
    pingIntervalMs: 55_000,
    silenceMs: 300_000,
    explain: (facts, { options }) => {
      if (facts.kind === 'refused' && facts.status === 403)
        return {
          message:
            'SimpliSafe refused the connection: the service has been answering some clients ' +
            'with 403 again and again, so Vigil waits the full reconnect cap between tries',
          hard: true,
        }
      if (facts.kind === 'closed' && facts.code === UNAUTHORIZED_CLOSE)
        return {
          message: 'SimpliSafe rejected the access token: sign in again and store a fresh token',
          kind: 'auth',
          hard: true,
        }
      if (facts.kind === 'login-timeout')
        return {
          message:
            `SimpliSafe did not subscribe Vigil to uid:${options.userId ?? '?'}: ` +
            'check that the user id belongs to the access token',
          kind: 'auth',
          hard: true,
        }
      return undefined
    },
  },
  createClassifier: ({ typeOf, customTypePath }: PresetContext<SimplisafeOptions>) => ({
    classify(frame, sink) {
      if (frameType(frame) !== SIMPLISAFE_TYPES.event) return sink.control(frame)
      const data = (frame as { data?: unknown }).data
      if (data === null || typeof data !== 'object') return sink.control(frame)
      const type = customTypePath
        ? typeOf(data)
        : simplisafeEventType((data as { eventCid?: unknown }).eventCid)
      sink.event(type, data, 'data')
    },
  }),
}
