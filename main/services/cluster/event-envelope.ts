/**
 * How events and a lease marker travel on the events stream, both ways. A message carries one
 * event (its body the event as JSON) or a batch of events of one source and type numbered in a
 * row (its body `{"sourceId","type","events":[[receivedAt,payload],...]}`); the headers carry
 * what readers need before trusting it:
 *
 * | header            | value                                                                       |
 * | ----------------- | --------------------------------------------------------------------------- |
 * | `Nats-Msg-Id`     | `<source>:<epoch>:<seq>`, `<source>:<epoch>:<seq>+<count>` for a batch,     |
 * |                   | `<source>:<epoch>:lease` for a marker                                       |
 * | `Vigil-Node`      | the publishing node's name                                                  |
 * | `Vigil-Epoch`     | the holder's lease epoch (fencing token)                                    |
 * | `Vigil-Seq`       | the (first) event's number within its epoch, from 1                         |
 * | `Vigil-Count`     | a batch's number of events (absent: one event)                              |
 * | `Vigil-In-Lease`  | `1` if received while the lease was certainly the holder's                  |
 *
 * The id is unique for ever (an epoch is a KV revision, never reused, and a batch's numbers are
 * its own) and is fixed when the message is first queued, so every retry and every replay after
 * an outage repeats it. One header set per message: a batch pays for it once.
 *
 * Reading checks everything: the stream is shared by every host with access to the account.
 */

import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node'
import { z } from 'zod'
import { epochMsSchema } from '../../../shared/history'
import { shapeProblem, validateWith } from '../../../shared/schema-kit'
import { sourceIdSchema } from '../../../shared/source-config'
import { NODE_NAME } from './cluster-options'
import { eventSubject, leaseMarkerSubject } from './cluster-names'
import type { ClusterEventDraft } from './cluster-port'
import type { OutgoingMessage } from './publish-queue'

export const HEADERS = {
  msgId: 'Nats-Msg-Id',
  node: 'Vigil-Node',
  epoch: 'Vigil-Epoch',
  seq: 'Vigil-Seq',
  count: 'Vigil-Count',
  inLease: 'Vigil-In-Lease',
} as const

const encoder = new TextEncoder()

export interface EventStamp {
  node: string
  epoch: number
  seq: number
  inLease: boolean
}

export function eventMessage(event: ClusterEventDraft, stamp: EventStamp): OutgoingMessage {
  const headers = natsHeaders()
  headers.set(HEADERS.msgId, `${event.sourceId}:${stamp.epoch}:${stamp.seq}`)
  headers.set(HEADERS.node, stamp.node)
  headers.set(HEADERS.epoch, String(stamp.epoch))
  headers.set(HEADERS.seq, String(stamp.seq))
  headers.set(HEADERS.inLease, stamp.inLease ? '1' : '0')
  const body = {
    sourceId: event.sourceId,
    type: event.type,
    receivedAt: event.receivedAt,
    payload: event.payload,
  }
  return {
    subject: eventSubject(event.sourceId, event.type),
    data: encoder.encode(JSON.stringify(body)),
    headers,
    events: 1,
  }
}

/**
 * A batch of events of one source and type, numbered `stamp.seq` onwards: `entries` are each
 * event's `[receivedAt,payload]` as JSON already (see {@link batchEntry}), so the body is joined,
 * not serialised again.
 */
export function batchMessage(
  sourceId: string,
  type: string,
  entries: readonly string[],
  stamp: EventStamp,
): OutgoingMessage {
  const headers = natsHeaders()
  headers.set(HEADERS.msgId, `${sourceId}:${stamp.epoch}:${stamp.seq}+${entries.length}`)
  headers.set(HEADERS.node, stamp.node)
  headers.set(HEADERS.epoch, String(stamp.epoch))
  headers.set(HEADERS.seq, String(stamp.seq))
  headers.set(HEADERS.count, String(entries.length))
  headers.set(HEADERS.inLease, stamp.inLease ? '1' : '0')
  const head = `{"sourceId":${JSON.stringify(sourceId)},"type":${JSON.stringify(type)},"events":[`
  return {
    subject: eventSubject(sourceId, type),
    data: encoder.encode(`${head}${entries.join(',')}]}`),
    headers,
    events: entries.length,
  }
}

/** One event of a batch, as its body holds it. */
export function batchEntry(event: ClusterEventDraft): string {
  return `[${event.receivedAt},${JSON.stringify(event.payload) ?? 'null'}]`
}

export function leaseMarkerMessage(sourceId: string, node: string, epoch: number): OutgoingMessage {
  const headers = natsHeaders()
  headers.set(HEADERS.msgId, `${sourceId}:${epoch}:lease`)
  headers.set(HEADERS.node, node)
  headers.set(HEADERS.epoch, String(epoch))
  return {
    subject: leaseMarkerSubject(sourceId),
    data: encoder.encode(JSON.stringify({ sourceId })),
    headers,
  }
}

const eventBodySchema = z.strictObject({
  sourceId: sourceIdSchema,
  type: z.string().max(500),
  receivedAt: epochMsSchema,
  payload: z.unknown(),
})
const markerBodySchema = z.strictObject({ sourceId: sourceIdSchema })
/** The most events one batch may carry (a writer sends fewer: see event-batcher.ts). */
export const MAX_BATCH_EVENTS = 10_000
const batchBodySchema = z.strictObject({
  sourceId: sourceIdSchema,
  type: z.string().max(500),
  events: z
    .array(z.tuple([epochMsSchema, z.unknown()]))
    .min(1)
    .max(MAX_BATCH_EVENTS),
})

export type ReadEnvelope =
  | {
      kind: 'event'
      node: string
      epoch: number
      seq: number
      inLease: boolean
      event: ClusterEventDraft
    }
  | {
      kind: 'batch'
      node: string
      epoch: number
      /** The first event's number; the others follow in a row. */
      seq: number
      inLease: boolean
      sourceId: string
      type: string
      /** Each event's `[receivedAt, payload]`. */
      events: [number, unknown][]
    }
  | { kind: 'marker'; node: string; epoch: number; sourceId: string }

/** Reads one message of the events stream; null when it is not one Vigil wrote, or malformed. */
export function readEnvelope(
  headers: MsgHdrs | undefined,
  body: string,
  isMarker: boolean,
): ReadEnvelope | null {
  const node = headers?.get(HEADERS.node) ?? ''
  const epoch = positiveInt(headers?.get(HEADERS.epoch))
  if (!NODE_NAME.test(node) || epoch === null) return null
  const document = parseJson(body)
  if (document === undefined) return null
  if (isMarker) {
    const marker = markerBodySchema.safeParse(document)
    return marker.success ? { kind: 'marker', node, epoch, sourceId: marker.data.sourceId } : null
  }
  const seq = positiveInt(headers?.get(HEADERS.seq))
  if (seq === null) return null
  const inLease = headers?.get(HEADERS.inLease) === '1'
  if (headers?.has(HEADERS.count)) {
    const count = positiveInt(headers.get(HEADERS.count))
    const batch = validateWith(batchBodySchema, document)
    if (count === null || !batch.ok || batch.value.events.length !== count) return null
    if (!Number.isSafeInteger(seq + count)) return null
    const { sourceId, type, events } = batch.value
    return { kind: 'batch', node, epoch, seq, inLease, sourceId, type, events }
  }
  if (shapeProblem(document)) return null
  const event = eventBodySchema.safeParse(document)
  if (!event.success) return null
  const { sourceId, type, receivedAt, payload } = event.data
  return {
    kind: 'event',
    node,
    epoch,
    seq,
    inLease,
    event: { sourceId, type, receivedAt, payload },
  }
}

function positiveInt(text: string | undefined): number | null {
  if (!text || !/^[1-9]\d{0,15}$/.test(text)) return null
  const value = Number(text)
  return Number.isSafeInteger(value) ? value : null
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
