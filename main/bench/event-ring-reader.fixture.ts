/**
 * A worker for event-ring.test.ts: reads the ring it is given until the writer closes it, then
 * posts back every event it read, in order. Loaded by Node's type stripping: erasable TypeScript.
 */

import { parentPort, workerData } from 'node:worker_threads'
import { RingReader, type RingRecord } from './event-ring.ts'
import { drainRing } from './ring-drain.ts'

const read: RingRecord[] = []
const reader = new RingReader(workerData as SharedArrayBuffer)
await drainRing(
  reader,
  (record) => read.push({ ...record }),
  () => {},
)
parentPort?.postMessage(read)
