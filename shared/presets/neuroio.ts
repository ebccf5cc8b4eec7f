/**
 * NeuroIO events (face recognition): in-band auth with a token, PING/PONG every 5 s, and events
 * `{"id": n, "data": {entry}}` whose `data` becomes the event payload (../shared/protocols.md).
 */

import { z } from 'zod'
import type { EventFieldSpec, EventTypeSpec, PresetDescriptor } from '../preset-descriptor'
import { optionFields } from './option-fields'
import { secretRefSchema } from '../source-settings'

export const NEUROIO_URL = 'wss://events.neuroio.com'
export const NEUROIO_RESULTS = ['new', 'reinit', 'exact', 'ha', 'junk', 'nm', 'det'] as const

export const neuroioOptionsSchema = z.strictObject({
  /** The API token, sent in the AUTH message right after connect. */
  tokenSecretRef: secretRefSchema.optional(),
})
export type NeuroioOptions = z.output<typeof neuroioOptionsSchema>

export function buildNeuroioUrl(): string {
  return NEUROIO_URL
}

const RESULT_MEANING: Record<(typeof NEUROIO_RESULTS)[number], string> = {
  new: 'A new person was created from this face.',
  reinit: 'A known person was re-initialised with a better photo.',
  exact: 'A known person, matched with high confidence.',
  ha: 'A known person, matched with lower confidence (hard accept).',
  junk: 'A weak match, below the acceptance threshold.',
  nm: 'A face that matched nobody.',
  det: 'A face was detected but not recognised.',
}

const FIELDS: EventFieldSpec[] = [
  { path: 'id', types: ['number'], description: 'entry id' },
  { path: 'pid', types: ['string', 'null'], description: 'person id; null without a person' },
  { path: 'result', types: ['string'], values: [...NEUROIO_RESULTS] },
  { path: 'confidence', types: ['number', 'null'], description: 'similarity in percent' },
  { path: 'age', types: ['number', 'null'] },
  { path: 'sex', types: ['number', 'null'], description: '0 male, 1 female' },
  {
    path: 'mood',
    types: ['string'],
    values: ['neutral', 'anger', 'contempt', 'disgust', 'fear', 'happiness', 'sadness', 'surprise'],
  },
  { path: 'liveness', types: ['string'], values: ['passed', 'failed', 'undetermined'] },
  { path: 'face_image', types: ['string'], description: 'URL of the face crop' },
  { path: 'initial', types: ['string', 'null'], description: "URL of the person's photo" },
  { path: 'source.id', types: ['number'], description: 'camera id' },
  { path: 'source.name', types: ['string'], description: 'camera name' },
  { path: 'space_id', types: ['number'] },
  { path: 'created', types: ['string'], description: 'ISO 8601 time' },
  { path: 'timestamp', types: ['number'], description: 'unix seconds of the frame' },
]

export const NEUROIO_EVENTS: EventTypeSpec[] = NEUROIO_RESULTS.map((result) => ({
  type: result,
  description: RESULT_MEANING[result],
  fields: FIELDS,
}))

export const neuroioDescriptor: PresetDescriptor<'neuroio'> = {
  id: 'neuroio',
  label: 'NeuroIO',
  description:
    'NeuroIO face-recognition events: logs in with your API token, pings every 5 s, and types ' +
    'each entry by its result (exact, new, nm, ...).',
  defaultEventTypePath: 'result',
  defaultUrl: NEUROIO_URL,
  fields: optionFields(neuroioOptionsSchema, [
    {
      key: 'tokenSecretRef',
      label: 'API token',
      kind: 'secret',
      required: true,
      help: 'Your NeuroIO API token, kept in the secret store and sent in the AUTH message.',
      secretRef: '{sourceId}.token',
    },
  ]),
  events: NEUROIO_EVENTS,
  examples: {
    message: '{"action": "PING"}',
    login: '{"action": "AUTH", "data": {"token": "{{secret}}"}}',
    ping: '{"action": "PING"}',
  },
}
