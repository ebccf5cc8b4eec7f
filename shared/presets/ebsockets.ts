/**
 * ebsockets-style events over websocket JSON: every frame is `{"event": type, ...attributes}`,
 * the type read from `event` and every other key an attribute; Vigil sends events of the same
 * shape (../shared/protocols.md). The original library's pickle-over-TCP is never spoken: it is
 * unsafe to decode.
 */

import { z } from 'zod'
import type { PresetDescriptor } from '../preset-descriptor'

export const EBSOCKETS_TYPE_KEY = 'event'

/** No options yet: the URL, headers and auth of the source say everything. */
export const ebsocketsOptionsSchema = z.strictObject({})
export type EbsocketsOptions = z.output<typeof ebsocketsOptionsSchema>

/**
 * The frame for one event: `{"event": type, ...attributes}`. An `event` key among the attributes
 * cannot override the type.
 */
export function ebsocketsMessage(type: string, attributes: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...attributes, [EBSOCKETS_TYPE_KEY]: type })
}

export const ebsocketsDescriptor: PresetDescriptor<'ebsockets'> = {
  id: 'ebsockets',
  label: 'ebsockets-style events',
  description:
    'Small home-made servers that send {"event": type, ...attributes} frames; Vigil can send ' +
    'events of the same shape back.',
  defaultEventTypePath: EBSOCKETS_TYPE_KEY,
  defaultUrl: 'ws://127.0.0.1:8765/',
  fields: [],
  events: [
    {
      type: '*',
      description: 'Every event: its type under "event", attributes beside it',
      fields: [{ path: 'event', types: ['string'], description: 'the event type' }],
    },
  ],
  sendsEvents: { typeKey: EBSOCKETS_TYPE_KEY },
  examples: { message: '{"event": "message", "content": "hi"}' },
}
