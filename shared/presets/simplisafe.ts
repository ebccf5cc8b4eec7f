/**
 * SimpliSafe socketlink: CloudEvents-shaped frames, an identify frame carrying the access token
 * and the user's namespace, and `com.simplisafe.event.standard` events whose `data` becomes the
 * event payload, typed by the name of its `eventCid` (../shared/protocols.md).
 */

import { z } from 'zod'
import type { EventFieldSpec, EventTypeSpec, PresetDescriptor } from '../preset-descriptor'
import { optionFields } from './option-fields'
import { secretRefSchema } from '../source-settings'

export const SIMPLISAFE_URL = 'wss://socketlink.prd.aser.simplisafe.com'

/** eventCid → event type, the table simplisafe-python uses (protocols.md). */
export const SIMPLISAFE_CID_NAMES: Readonly<Record<number, string>> = {
  1110: 'alarm_triggered',
  1120: 'alarm_triggered',
  1132: 'alarm_triggered',
  1134: 'alarm_triggered',
  1154: 'alarm_triggered',
  1159: 'alarm_triggered',
  1162: 'alarm_triggered',
  1170: 'camera_motion_detected',
  1301: 'power_outage',
  1350: 'connection_lost',
  1381: 'sensor_not_responding',
  1400: 'disarmed_by_keypad',
  1406: 'alarm_canceled',
  1407: 'disarmed_by_remote',
  1429: 'entry_delay',
  1458: 'doorbell_detected',
  3301: 'power_restored',
  3350: 'connection_restored',
  3401: 'armed_away',
  3407: 'armed_away',
  3441: 'armed_home',
  3481: 'armed_away',
  3487: 'armed_away',
  3491: 'armed_home',
  9700: 'lock_unlocked',
  9701: 'lock_locked',
  9703: 'lock_error',
}

/** The type of an event with this eventCid: its name, or `cid_<n>` for a code not in the table. */
export function simplisafeEventType(eventCid: unknown): string {
  const cid = typeof eventCid === 'string' && /^\d+$/.test(eventCid) ? Number(eventCid) : eventCid
  if (typeof cid !== 'number' || !Number.isInteger(cid)) return 'unknown'
  return SIMPLISAFE_CID_NAMES[cid] ?? `cid_${cid}`
}

export const simplisafeOptionsSchema = z
  .strictObject({
    /** The SimpliSafe user id; identify joins the namespace `uid:<userId>`. */
    userId: z
      .string()
      .regex(/^\d{1,20}$/, 'the user id is digits')
      .optional(),
    accessTokenSecretRef: secretRefSchema.optional(),
    /** The identify frame's `source`: how the client names itself. */
    userAgent: z.string().min(1).max(200).default('Vigil'),
  })
  .superRefine((options, ctx) => {
    if ((options.userId === undefined) !== (options.accessTokenSecretRef === undefined)) {
      const missing = options.userId === undefined ? 'userId' : 'accessTokenSecretRef'
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'identify needs both the user id and the access token',
      })
    }
  })
export type SimplisafeOptions = z.output<typeof simplisafeOptionsSchema>

export function buildSimplisafeUrl(): string {
  return SIMPLISAFE_URL
}

const FIELDS: EventFieldSpec[] = [
  { path: 'eventTimestamp', types: ['number'], description: 'unix seconds' },
  { path: 'eventCid', types: ['number'], description: 'the event code' },
  { path: 'info', types: ['string'], description: 'what happened, in words' },
  { path: 'sid', types: ['number'], description: 'system id' },
  { path: 'pinName', types: ['string'], description: 'whose PIN, for arming and locks' },
  { path: 'sensorName', types: ['string'] },
  { path: 'sensorSerial', types: ['string'] },
  { path: 'sensorType', types: ['number'], description: 'device type number' },
  { path: 'messageSubject', types: ['string'] },
  { path: 'messageBody', types: ['string'] },
  {
    path: 'eventType',
    types: ['string'],
    values: ['alarm', 'activity', 'activityQuiet', 'activityCam'],
  },
  { path: 'video', types: ['object', 'null'], description: 'clips of camera events' },
  { path: 'links', types: ['array'] },
]

const TYPES = [...new Set(Object.values(SIMPLISAFE_CID_NAMES))]

export const SIMPLISAFE_EVENTS: EventTypeSpec[] = [
  ...TYPES.map((type) => ({
    type,
    description: `eventCid ${Object.entries(SIMPLISAFE_CID_NAMES)
      .filter(([, name]) => name === type)
      .map(([cid]) => cid)
      .join(', ')}`,
    fields: FIELDS,
  })),
  { type: '*', description: 'Codes outside the table arrive as cid_<number>', fields: FIELDS },
]

export const simplisafeDescriptor: PresetDescriptor<'simplisafe'> = {
  id: 'simplisafe',
  label: 'SimpliSafe',
  description:
    'SimpliSafe alarm, sensor, lock and camera events, named from their event code (armed_away, ' +
    'alarm_triggered, ...).',
  defaultEventTypePath: 'eventCid',
  defaultUrl: SIMPLISAFE_URL,
  fields: optionFields(simplisafeOptionsSchema, [
    {
      key: 'userId',
      label: 'User id',
      kind: 'text',
      required: true,
      help: 'Your SimpliSafe user id (digits); Vigil joins its events as uid:<id>.',
      placeholder: '1234567',
    },
    {
      key: 'accessTokenSecretRef',
      label: 'Access token',
      kind: 'secret',
      required: true,
      help: 'An OAuth access token for your account, kept in the secret store.',
      secretRef: '{sourceId}.access-token',
    },
    {
      key: 'userAgent',
      label: 'Client name',
      kind: 'text',
      required: false,
      help: 'How Vigil names itself in the identify frame (its "source").',
    },
  ]),
  events: SIMPLISAFE_EVENTS,
  // The identify message is the preset's own login; nothing else is sent by hand.
  examples: {},
}
