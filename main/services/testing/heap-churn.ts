/**
 * A child process for heap-tuning.test.ts: keeps a live window of 100,000 small records (about
 * 40 MB) and replaces them for two million steps, so each record survives long enough to reach
 * the old generation and then dies there, as a flooded source's events do. Prints the largest
 * heap V8 reserved, in bytes. With `tuned`, heap-tuning.ts's limit is applied first.
 */

import { tuneHeap } from '../util/heap-tuning'

if (process.argv[2] === 'tuned') tuneHeap()

interface Churned {
  id: number
  text: string
  pair: number[]
}

const live = new Array<Churned>(100_000)
let largest = 0
for (let i = 0; i < 2_000_000; i++) {
  live[i % live.length] = { id: i, text: 'x'.repeat(150) + i, pair: [i, i + 1] }
  if (i % 50_000 === 0) largest = Math.max(largest, process.memoryUsage().heapTotal)
}
process.stdout.write(String(largest))
