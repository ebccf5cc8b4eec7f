/**
 * Generic JSON: any websocket that sends JSON. The URL, headers, auth, on-open messages and event
 * type path are the source's own settings; the options only say how to tell events from the
 * rest, with rules of the same shape as the login reply rules (`{"path", "equals"?}`).
 */

import { z } from 'zod'
import type { PresetDescriptor } from '../preset-descriptor'
import { optionFields } from './option-fields'
import { frameMatchSchema } from '../source-settings'

export const genericOptionsSchema = z.strictObject({
  /** Only frames matching this are events; the others are control frames. Absent: every frame. */
  eventWhen: frameMatchSchema.optional(),
  /** Frames matching this are heartbeats: they prove the stream is alive and are not events. */
  heartbeatWhen: frameMatchSchema.optional(),
  /** Frames matching this are errors the server reports in-band (counted as `server-error`). */
  errorWhen: frameMatchSchema.optional(),
})
export type GenericOptions = z.output<typeof genericOptionsSchema>

const ruleHelp =
  '{"path": "type", "equals": "event"} (a value) or {"path": "data"} (the path exists)'

export const genericDescriptor: PresetDescriptor<'generic'> = {
  id: 'generic',
  label: 'Generic JSON',
  description:
    'Any websocket that sends JSON: set the URL, headers, auth, messages to send on connect and ' +
    'where the event type is, and optionally which frames are events.',
  defaultEventTypePath: 'type',
  defaultUrl: 'wss://',
  fields: optionFields(genericOptionsSchema, [
    {
      key: 'eventWhen',
      label: 'Is an event when',
      kind: 'rule',
      required: false,
      advanced: true,
      help: `Only frames matching this rule are events; the rest are control frames. ${ruleHelp}.`,
    },
    {
      key: 'heartbeatWhen',
      label: 'Is a heartbeat when',
      kind: 'rule',
      required: false,
      advanced: true,
      help: `Frames matching this keep the source alive without being events. ${ruleHelp}.`,
    },
    {
      key: 'errorWhen',
      label: 'Is an error when',
      kind: 'rule',
      required: false,
      advanced: true,
      help: `Frames matching this are errors reported by the server. ${ruleHelp}.`,
    },
  ]),
  events: [],
  examples: {
    message: '{"action": "subscribe", "channel": "alerts"}',
    login: '{"action": "login", "token": "{{secret}}"}',
    ping: '{"type": "ping"}',
  },
}
