/**
 * The worker side of the second-thread prototype (worker-split.ts, bench only): the real
 * TriggerEngine with the bench triggers, as trigger-bench.ts builds it, fed batches of events as
 * the main thread's EventFlow saw them (each frame's text and where its payload lies, parsed here
 * again), by `postMessage` batches or through a SharedArrayBuffer ring (event-ring.ts), which
 * carries either the texts or only the payload members the triggers read (payload-fields.ts, or
 * payload-binary.ts's binary layout). After each batch it adds what it evaluated, the text it read, the firings and its own
 * CPU time to counters shared with the main thread, and, while the main thread holds its sources
 * back waiting for it (the `waiting` flag), says so with a message.
 */

import type { Buffer } from 'node:buffer'
import { parentPort, workerData } from 'node:worker_threads'
import type { VigilEvent } from '../../shared/domain'
import { TriggerEngine } from '../services/triggers/trigger-engine'
import { benchTriggers } from './bench-triggers'
import { RingReader, type RingRecord } from './event-ring'
import { drainRing } from './ring-drain'
import { decodeBinaryFields } from './payload-binary'
import { decodeFields } from './payload-fields'
import {
  SHARED,
  type EventBatch,
  type FromWorker,
  type ToWorker,
  type TriggerWorkerData,
} from './trigger-protocol'

function payloadOf(text: string, place: string | null): unknown {
  const parsed = JSON.parse(text) as unknown
  if (place === null) return parsed
  return parsed !== null && typeof parsed === 'object'
    ? (parsed as Record<string, unknown>)[place]
    : undefined
}

function main(port: NonNullable<typeof parentPort>, data: TriggerWorkerData): void {
  const counters = new BigInt64Array(data.counters)
  const waiting = new Int32Array(data.waiting)
  const queue: (() => void)[] = []
  const engine = new TriggerEngine({ schedule: (run) => queue.push(run) })
  engine.setTriggers(benchTriggers(data.sourceId, data.triggers))
  let firings = 0
  let notifications = 0
  engine.onDidDispatch(() => firings++)
  engine.onDidNotify(() => notifications++)
  let unreadable = 0
  const fields = data.fields

  /** One event, its payload parsed again from the frame's text. */
  const accept = (
    id: number,
    sourceId: string,
    type: string,
    receivedAt: number,
    bytes: number,
    text: string,
    place: string | null,
  ) => {
    let payload: unknown
    try {
      payload = fields ? decodeFields(text, fields) : payloadOf(text, place)
    } catch {
      unreadable++
      return
    }
    const event: VigilEvent = { id, sourceId, type, receivedAt, payload }
    engine.accept(event, bytes)
  }

  /** One event whose named members came in payload-binary.ts's layout. */
  const acceptBody = (r: RingRecord, bytes: Buffer, start: number) => {
    let payload: unknown
    try {
      payload = decodeBinaryFields(bytes, start, r.textBytes, fields ?? [])
    } catch {
      unreadable++
      return
    }
    const { id, sourceId, type, receivedAt } = r
    engine.accept({ id, sourceId, type, receivedAt, payload }, r.bytes)
  }

  /** After a batch: its evaluation and actions, then the counters. */
  const finish = (events: number, chars: number) => {
    // What `accept` scheduled (the batch's evaluation, then its actions), as the microtask queue
    // would run it after a socket read.
    while (queue.length > 0) queue.shift()!()
    const cpu = process.threadCpuUsage()
    Atomics.add(counters, SHARED.chars, BigInt(chars))
    Atomics.add(counters, SHARED.unreadable, BigInt(unreadable))
    unreadable = 0
    Atomics.store(counters, SHARED.firings, BigInt(firings))
    Atomics.store(counters, SHARED.notifications, BigInt(notifications))
    Atomics.store(counters, SHARED.cpuMicros, BigInt(cpu.user + cpu.system))
    // Last: the main thread reads `evaluated` to decide whether it may read on.
    Atomics.add(counters, SHARED.evaluated, BigInt(events))
    if (Atomics.load(waiting, 0) === 1) port.postMessage({ kind: 'progress' } satisfies FromWorker)
  }

  const evaluate = (batch: EventBatch) => {
    const { ids, receivedAt, bytes, types, texts, places } = batch
    let chars = 0
    const joined = Array.isArray(texts) ? undefined : texts
    for (let i = 0; i < types.length; i++) {
      const text = joined
        ? joined.joined.slice(i === 0 ? 0 : joined.ends[i - 1]!, joined.ends[i]!)
        : (texts as string[])[i]!
      chars += text.length
      accept(ids[i]!, data.sourceId, types[i]!, receivedAt[i]!, bytes[i]!, text, places[i]!)
    }
    finish(types.length, chars)
  }

  // The ring: read whenever the main thread publishes, until it closes the ring.
  let ringChars = 0
  const ringDone = data.ring
    ? drainRing(
        new RingReader(data.ring),
        (r, bytes, bodyStart) => {
          ringChars += r.textBytes
          if (bodyStart >= 0) acceptBody(r, bytes, bodyStart)
          else accept(r.id, r.sourceId, r.type, r.receivedAt, r.bytes, r.text, r.place)
        },
        (events) => {
          finish(events, ringChars)
          ringChars = 0
        },
      )
    : Promise.resolve()

  port.on('message', (message: ToWorker) => {
    if (message.kind === 'batch') evaluate(message.batch)
    else
      void ringDone.then(() => {
        engine.dispose()
        port.postMessage({ kind: 'stopped' } satisfies FromWorker)
      })
  })
}

if (parentPort) main(parentPort, workerData as TriggerWorkerData)
