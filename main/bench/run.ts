/**
 * `npm run bench`: Vigil's pipeline against a bare `ws` client, in one run on one machine, both fed
 * by the same Census simulator (on its own thread) over loopback. Prints figures; asserts nothing.
 *
 *   npm run bench -- [--seconds 10] [--warmup 2] [--triggers 100] [--max-rate 50000]
 *                    [--latency-rate 10000]
 *
 * "Capacity" estimates the events per second each client could take if it had the main thread to
 * itself: received rate divided by the share of time its event loop was busy.
 */

import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { hiResClock, startBareClient, startPipeline } from './clients'
import { gcPauses, heapMb, measureWindow, Samples, sleep } from './measure'
import type { SimulatorCommand, SimulatorReport } from './simulator-worker'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    triggers: { type: 'string', default: '100' },
    'max-rate': { type: 'string', default: '50000' },
    'latency-rate': { type: 'string', default: '10000' },
  },
})
const seconds = Number(values.seconds)
const warmup = Number(values.warmup)
const triggerCount = Number(values.triggers)
const maxRate = Number(values['max-rate'])
const latencyRate = Number(values['latency-rate'])

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const pct = (n: number) => `${(n * 100).toFixed(0)} %`
const ms = (n: number) => `${n.toFixed(2)} ms`

async function main(): Promise<void> {
  const worker = new Worker(new URL('./simulator-worker.ts', import.meta.url))
  const command = (message: SimulatorCommand) => worker.postMessage(message)
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject)
    worker.on('message', (report: SimulatorReport) => {
      if (report.type === 'ready') resolve(report.url)
    })
  })
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  console.log(
    `Vigil benchmark: Node ${process.version}, ${cpus().length} x ${cpu}, ${process.platform} ${process.arch}`,
  )
  console.log(
    `Census simulator on a worker thread over loopback; ${triggerCount} triggers over 10 event types`,
  )
  console.log(`windows of ${seconds} s after ${warmup} s of warm-up\n`)

  // 1. Bare client at the highest rate the simulator offers.
  const bare = await startBareClient(url)
  command({ type: 'rate', rate: maxRate })
  await sleep(warmup * 1000)
  const bareBytes0 = bare.bytes()
  const bareEvents0 = bare.events()
  const bareWindow = await measureWindow(() => bare.events(), seconds)
  const frameBytes = (bare.bytes() - bareBytes0) / Math.max(1, bare.events() - bareEvents0)
  command({ type: 'rate', rate: 0 })
  bare.close()
  await sleep(1000)

  // 2. Vigil's pipeline at the same rate.
  const heapBaseline = heapMb()
  const pipeline = await startPipeline(url, triggerCount)
  const { engine } = pipeline
  command({ type: 'rate', rate: maxRate })
  await sleep(warmup * 1000)
  const heapBefore = heapMb()
  const vigilWindow = await measureWindow(() => pipeline.events(), seconds)
  command({ type: 'rate', rate: 0 })
  await sleep(1000)

  // 3. Latency at a steady rate: frame received (the session's receive time) to actions dispatched.
  const latencies = new Samples(2_000_000)
  let recording = false
  engine.triggers.onDidDispatch(({ event }) => {
    if (recording) latencies.add(hiResClock.now() - event.receivedAt)
  })
  const fired = () => engine.triggers.list().reduce((sum, t) => sum + t.counters.fired, 0)
  command({ type: 'rate', rate: latencyRate })
  await sleep(warmup * 1000)
  recording = true
  const fired0 = fired()
  const gc = await gcPauses(() => measureWindow(() => pipeline.events(), seconds))
  const latencyWindow = gc.result
  recording = false
  const firedPerSecond = (fired() - fired0) / seconds
  command({ type: 'rate', rate: 0 })
  await sleep(500)
  const heapAfter = heapMb()
  await pipeline.close()

  command({ type: 'close' })
  await new Promise<void>((resolve) =>
    worker.on('message', (report: SimulatorReport) => report.type === 'closed' && resolve()),
  )
  await worker.terminate()

  const capacity = (w: { rate: number; busy: number }) => w.rate / Math.max(w.busy, 1e-6)
  console.log(
    `Throughput, simulator offering ${int(maxRate)} events/s (${int(frameBytes)} bytes per frame on average)`,
  )
  console.log('                          events/s   main thread busy   capacity (events/s)')
  const row = (name: string, w: { rate: number; busy: number }) =>
    console.log(
      `  ${name.padEnd(22)} ${int(w.rate).padStart(9)}   ${pct(w.busy).padStart(16)}   ${int(capacity(w)).padStart(19)}`,
    )
  row('bare ws + JSON.parse', bareWindow)
  row('Vigil pipeline', vigilWindow)
  console.log(
    `  ${'ratio Vigil / bare'.padEnd(22)} ${(vigilWindow.rate / bareWindow.rate).toFixed(2).padStart(9)}   ${''.padStart(16)}   ${(capacity(vigilWindow) / capacity(bareWindow)).toFixed(2).padStart(19)}`,
  )
  console.log(`\nLatency at ${int(latencyRate)} events/s, frame received to actions dispatched`)
  console.log(
    `  received ${int(latencyWindow.rate)} events/s, ${int(firedPerSecond)} firings/s, main thread busy ${pct(latencyWindow.busy)}`,
  )
  console.log(
    `  p50 ${ms(latencies.percentile(50))}   p99 ${ms(latencies.percentile(99))}   p99.9 ${ms(latencies.percentile(99.9))}   max ${ms(latencies.max())}   (${int(latencies.size)} firings)`,
  )
  const longest = Object.entries(gc.longestByKind)
    .map(([kind, duration]) => `${kind} ${ms(duration)}`)
    .join(', ')
  console.log(
    `  garbage collection in that window: ${gc.count} collections, ${ms(gc.totalMs)} in all; longest: ${longest}`,
  )
  console.log('\nHeap used after a full GC')
  console.log(
    `  before the engine ${heapBaseline.toFixed(1)} MB; engine warm ${heapBefore.toFixed(1)} MB; after all runs ${heapAfter.toFixed(1)} MB`,
  )
  console.log(
    '\nNot in this build yet: the field catalogue and SQLite history (both run off this path when they land).',
  )
}

await main()
