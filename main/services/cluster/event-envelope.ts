/**
 * How an event and a lease marker travel on the events stream, both ways. The body is the event
 * as JSON; the headers carry what readers need before trusting it:
 *
 * | header            | value                                                             |
 * | ----------------- | ----------------------------------------------------------------- |
 * | `Nats-Msg-Id`     | `<source>:<epoch>:<seq>` (`<source>:<epoch>:lease` for a marker)   |
 * | `Vigil-Node`      | the publishing node's name                                         |
 * | `Vigil-Epoch`     | the holder's lease epoch (fencing token)                           |
 * | `Vigil-Seq`       | the event's number within its epoch, from 1                        |
 * | `Vigil-In-Lease`  | `1` if received while the lease was certainly the holder's         |
 *
 * The id is unique for ever (an epoch is a KV revision, never reused) and is fixed when the
 * message is first queued, so every retry and every replay after an outage repeats it.
 *
 * Reading checks everything: the stream is shared by every host with access to the account.
 */

import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node'
import { z } from 'zod'
import { epochMsSchema } from '../../../shared/history'
import { shapeProblem } from '../../../shared/schema-kit'
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
  }
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

export type ReadEnvelope =
  | {
      kind: 'event'
      node: string
      epoch: number
      seq: number
      inLease: boolean
      event: ClusterEventDraft
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
  if (seq === null || shapeProblem(document)) return null
  const event = eventBodySchema.safeParse(document)
  if (!event.success) return null
  const inLease = headers?.get(HEADERS.inLease) === '1'
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
