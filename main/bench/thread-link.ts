/**
 * What the second-thread prototype's links share (worker-split.ts, bench only): the interface the
 * bench drives a link through, whichever way it hands events over (trigger-thread-link.ts by
 * `postMessage` batches, ring-link.ts through a SharedArrayBuffer ring), its figures, and the
 * start of the trigger-worker.ts thread with the counters it reports in.
 */

import { Worker } from 'node:worker_threads'
import type { EventRecorder } from '../services/event-flow'
import { SHARED, type FromWorker, type ToWorker, type TriggerWorkerData } from './trigger-protocol'

/** The Monitor's hold on its sources' reading (as history holds them while behind). */
export interface Reading {
  holdReading(holder: string): void
  releaseReading(holder: string): void
}

/** The name the links hold the sources back under. */
export const HOLDER = 'trigger-thread'

export interface LinkStats {
  sent: number
  evaluated: number
  firings: number
  notifications: number
  unreadable: number
  /** Events whose flow had no frame text (their payload was serialised here). */
  serialised: number
  /** Events refused for good (a ring's record too large, a name past its limit); counted here. */
  refused: number
  /** Posts (array, joined) or publishes (ring). */
  batches: number
  workerCpuMicros: number
  /** The most events, and characters of text (bytes in the ring), in flight since `resetPeaks`. */
  peakEvents: number
  peakChars: number
  /** Time the sources were held back for the worker (ms). */
  heldMs: number
}

/** A link in the flow's history slot, handing every event on to the trigger thread. */
export interface ThreadLink extends EventRecorder {
  readonly worker: Worker
  stats(): LinkStats
  resetPeaks(): void
  /** Stops the worker (after what was sent) and lets the sources read again. */
  close(): Promise<void>
}

/** What a link needs of its trigger thread (a stand-in in ring-link.test.ts). */
export type ThreadHandle = Pick<TriggerThread, 'worker' | 'read' | 'counted' | 'stop'>

/** The trigger thread and the counters it adds to after each batch. */
export class TriggerThread {
  readonly worker: Worker
  private readonly counters: BigInt64Array
  /** Int32Array(1): 1 while the main thread waits for progress (messages mode). */
  readonly waiting: Int32Array

  constructor(
    sourceId: string,
    triggers: number,
    ring?: SharedArrayBuffer,
    fields?: string[],
    binary = false,
  ) {
    const counters = new SharedArrayBuffer(SHARED.length * 8)
    const waiting = new SharedArrayBuffer(4)
    this.counters = new BigInt64Array(counters)
    this.waiting = new Int32Array(waiting)
    const workerData: TriggerWorkerData = {
      sourceId,
      triggers,
      counters,
      waiting,
      ...(ring ? { ring } : {}),
      ...(fields ? { fields } : {}),
      ...(binary ? { binary } : {}),
    }
    this.worker = new Worker(new URL('./trigger-worker.ts', import.meta.url), { workerData })
  }

  read(slot: number): number {
    return Number(Atomics.load(this.counters, slot))
  }

  /** The worker's counters, as `LinkStats` has them. */
  counted(): Pick<
    LinkStats,
    'evaluated' | 'firings' | 'notifications' | 'unreadable' | 'workerCpuMicros'
  > {
    return {
      evaluated: this.read(SHARED.evaluated),
      firings: this.read(SHARED.firings),
      notifications: this.read(SHARED.notifications),
      unreadable: this.read(SHARED.unreadable),
      workerCpuMicros: this.read(SHARED.cpuMicros),
    }
  }

  /** Asks the worker to stop once it has read what was sent, waits (5 s at most), ends it. */
  async stop(): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      this.worker.on('message', (message: FromWorker) => {
        if (message.kind === 'stopped') resolve()
      })
    })
    this.worker.postMessage({ kind: 'stop' } satisfies ToWorker)
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5_000).unref())])
    await this.worker.terminate()
  }
}
