/**
 * What the second-thread prototype's main thread and its trigger thread (trigger-worker.ts) share,
 * bench only: the counters the worker reports in, its start-up data and the messages between them.
 * Apart from the worker, so that importing these never starts it.
 */

/** Slots of the shared BigInt64Array. */
export const SHARED = {
  evaluated: 0,
  chars: 1,
  firings: 2,
  notifications: 3,
  cpuMicros: 4,
  /** Events whose payload could not be read from the text (counted, never silently dropped). */
  unreadable: 5,
  length: 6,
} as const

export interface TriggerWorkerData {
  sourceId: string
  triggers: number
  /** BigInt64Array(SHARED.length) of counters. */
  counters: SharedArrayBuffer
  /** Int32Array(1): 1 while the main thread waits for progress. */
  waiting: SharedArrayBuffer
  /** The ring to read events from (event-ring.ts, `--transport ring`) rather than messages. */
  ring?: SharedArrayBuffer
  /** The ring carries these payload members, not frame texts (`--transport fields`). */
  fields?: string[]
  /** The fields come in payload-binary.ts's layout, not as text (`--transport binary`). */
  binary?: boolean
}

/** One postMessage: the events of one socket read (or of N events, or T ms). */
export interface EventBatch {
  ids: Float64Array
  receivedAt: Float64Array
  bytes: Int32Array
  types: string[]
  /**
   * The frames' texts (or the payload serialised when the flow had no text): one string each, or
   * all joined in one string with `ends[i]` where text i ends (`--transport joined`).
   */
  texts: string[] | { joined: string; ends: Int32Array }
  /** The payload's member in the text, or null for the whole text. */
  places: (string | null)[]
}

export type ToWorker = { kind: 'batch'; batch: EventBatch } | { kind: 'stop' }
export type FromWorker = { kind: 'progress' } | { kind: 'stopped' }
