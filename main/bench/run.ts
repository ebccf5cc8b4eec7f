/**
 * `npm run bench`: Vigil's pipeline against a bare `ws` client, in one run on one machine, all fed
 * by the same feeder process over loopback (Census frames of about 200 bytes, see feeder.ts).
 * Prints figures; asserts nothing (performance is never checked by timed tests).
 *
 *  1. Throughput: the feeder floods as fast as each client reads. In each round, in turn (the
 *     order rotating between rounds, so machine noise falls on every variant alike): a socket that
 *     discards everything (the feeder's own ceiling), a bare `ws` client that only JSON.parses, the
 *     pipeline without history, the pipeline with SQLite history, and the pipeline without
 *     history with 1,000 triggers (`--many-triggers`), and a cluster (cluster-bench.ts: a member
 *     publishing to NATS JetStream and a viewer consuming, counted at the viewer). Medians of the rounds; ratios are the
 *     median of each round's ratio to that round's bare client. CPU per event: the client's
 *     thread's, and the process's (SQLite's thread, GC helpers: 2 cores cap a rate at 2 / that).
 *     Then trigger evaluation alone (trigger-bench.ts): CPU per event with 100 and 1,000
 *     triggers, with and without the value index.
 *  2. Latency at a steady rate: frame received to the firing's actions dispatched, pipeline with
 *     history.
 *  3. Memory: the same engine goes on at that rate; the heap after a full GC every few seconds,
 *     once the first minute is over.
 *  4. Text search over 1,000,000 stored events.
 *  5. Pattern tests: RE2 against V8's RegExp on the bench triggers' `matches` patterns (regex-bench.ts).
 *
 *   npm run bench -- [--rounds 3] [--seconds 5] [--warmup 2] [--triggers 100] [--many-triggers 1000]
 *                    [--latency-rate 10000] [--latency-seconds 10] [--steady-warmup 60]
 *                    [--steady-seconds 60] [--sample-seconds 5] [--search-events 1000000]
 *                    [--trigger-passes 10] [--phases throughput,triggers,latency,memory,search,regex]
 *                    [--variants feeder,bare,engine,history,many,cluster]
 */

import { cpus, loadavg, totalmem } from 'node:os'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import {
  hiResClock,
  startBareClient,
  startDiscard,
  startPipeline,
  type Client,
  type Pipeline,
} from './clients'
import {
  clusterDetail,
  clusterRatio,
  natsServerMissing,
  startClusterPipeline,
  type ClusterPipeline,
} from './cluster-bench'
import { startFeeder, type Feeder } from './feeder-process'
import { busySince, gcPauses, heapMb, median, Samples, sleep, slope } from './measure'
import { printRegexBench } from './regex-bench'
import { searchBench } from './search-bench'
import { triggerCosts } from './trigger-bench'
import { engineInternals } from '../services/testing/engine-internals'
import { HEAP_GROWING_PERCENT, tuneHeap } from '../services/util/heap-tuning'
import { ROUND_OPTIONS } from './round-options'

// As the app's entry points do (heap-tuning.ts): the bench measures the app as shipped.
tuneHeap()

const { values } = parseArgs({
  options: {
    ...ROUND_OPTIONS,
    'latency-rate': { type: 'string', default: '10000' },
    'latency-seconds': { type: 'string', default: '10' },
    'steady-warmup': { type: 'string', default: '60' },
    'steady-seconds': { type: 'string', default: '60' },
    'sample-seconds': { type: 'string', default: '5' },
    'search-events': { type: 'string', default: '1000000' },
    'trigger-passes': { type: 'string', default: '10' },
    phases: { type: 'string', default: 'throughput,triggers,latency,memory,search,regex' },
    variants: { type: 'string', default: 'feeder,bare,engine,history,many,cluster' },
  },
})
const number = (name: keyof typeof values) => Number(values[name])
const rounds = number('rounds')
const seconds = number('seconds')
const warmup = number('warmup')
const triggerCount = number('triggers')
const manyTriggers = number('many-triggers')
const latencyRate = number('latency-rate')
const latencySeconds = number('latency-seconds')
const steadyWarmup = number('steady-warmup')
const steadySeconds = number('steady-seconds')
const sampleSeconds = number('sample-seconds')
const searchEvents = number('search-events')
const triggerPasses = number('trigger-passes')
const phases = new Set(values.phases.split(','))
// Without nats-server (not installed: `npm run setup`), the cluster row is left out, and said so.
const variants = (values.variants.split(',') as VariantName[]).filter(
  (name) => name !== 'cluster' || natsServerMissing() === null,
)

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const pct = (n: number) => `${Math.round(n * 100)} %`
const ms = (n: number) => `${n.toFixed(2)} ms`
const k = (n: number) => `${Math.round(n / 1000)}k`
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')

// ---- throughput --------------------------------------------------------------------------------

type VariantName = 'feeder' | 'bare' | 'engine' | 'history' | 'many' | 'cluster'

const VARIANT_LABELS: Record<VariantName, string> = {
  feeder: 'feeder alone (socket drops)',
  bare: 'bare ws + JSON.parse',
  engine: 'Vigil pipeline, no history',
  history: 'Vigil pipeline + history',
  many: `pipeline with ${int(manyTriggers)} triggers`,
  cluster: 'cluster: member → NATS → viewer',
}

interface Measurement {
  /** Events per second the client took (for the feeder alone: frames it sent). */
  rate: number
  /** For history: events per second committed to the database. */
  stored: number | null
  receiverBusy: number
  /** CPU µs per event of the client's thread, and of every thread of the process. */
  cpuPerEvent: number
  processCpuPerEvent: number
  feederRate: number
  feederBusy: number
  pending: number
  dropped: number
  /** For the cluster: seconds of the window the member held its source back for NATS. */
  held: number
}

function startVariant(
  name: VariantName,
  url: string,
): Promise<Client | Pipeline | ClusterPipeline> {
  switch (name) {
    case 'feeder':
      return startDiscard(url)
    case 'bare':
      return startBareClient(url)
    case 'engine':
      return startPipeline({ url, triggers: triggerCount, history: false })
    case 'history':
      return startPipeline({ url, triggers: triggerCount, history: true })
    case 'many':
      return startPipeline({ url, triggers: manyTriggers, history: false })
    case 'cluster':
      return startClusterPipeline(url)
  }
}

async function measure(name: VariantName, feeder: Feeder): Promise<Measurement> {
  const client = await startVariant(name, feeder.url('/flood'))
  const pipeline = 'stored' in client ? client : undefined
  await sleep(warmup * 1000)
  const count0 = client.count()
  const held0 = 'heldMs' in client ? client.heldMs() : 0
  const stored0 = pipeline?.stored() ?? 0
  const feeder0 = await feeder.stats()
  const elu = performance.eventLoopUtilization()
  const [cpu0, processCpu0] = [process.threadCpuUsage(), process.cpuUsage()]
  const t0 = performance.now()
  await sleep(seconds * 1000)
  const elapsed = (performance.now() - t0) / 1000
  const receiverBusy = busySince(elu)
  const [cpu, processCpu] = [process.threadCpuUsage(cpu0), process.cpuUsage(processCpu0)]
  const count1 = client.count()
  const held1 = 'heldMs' in client ? client.heldMs() : 0
  const stored1 = pipeline?.stored() ?? 0
  const feeder1 = await feeder.stats()
  const backlog =
    pipeline?.backlog() ??
    ('buffered' in client
      ? { pending: client.buffered(), dropped: client.dropped() }
      : { pending: 0, dropped: 0 })
  await client.close()
  const feederRate = (feeder1.frames - feeder0.frames) / elapsed
  const active = feeder1.active - feeder0.active
  const feederBusy = active / (active + feeder1.idle - feeder0.idle)
  heapMb() // collect what this variant left, so the next does not pay for it
  await sleep(500)
  return {
    rate: name === 'feeder' ? feederRate : (count1 - count0) / elapsed,
    stored: name === 'history' ? (stored1 - stored0) / elapsed : null,
    receiverBusy,
    cpuPerEvent: (cpu.user + cpu.system) / Math.max(1, count1 - count0),
    processCpuPerEvent: (processCpu.user + processCpu.system) / Math.max(1, count1 - count0),
    feederRate,
    feederBusy,
    pending: backlog.pending,
    dropped: backlog.dropped,
    held: (held1 - held0) / 1000,
  }
}

/** What counts for a variant: with history, the lower of ingested and stored (a backlog is not capacity). */
const effective = (m: Measurement) => (m.stored === null ? m.rate : Math.min(m.rate, m.stored))

async function throughput(feeder: Feeder): Promise<void> {
  const results = new Map<VariantName, Measurement[]>(variants.map((name) => [name, []]))
  for (let round = 0; round < rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]!)
    for (const name of order) results.get(name)!.push(await measure(name, feeder))
    process.stdout.write(`  round ${round + 1} of ${rounds} done (load ${load()})\n`)
  }
  console.log(
    `\nThroughput: ${rounds} rounds of ${seconds} s per variant after ${warmup} s of warm-up; medians`,
  )
  console.log(
    `  ${''.padEnd(30)} ${'events/s'.padStart(9)}  ${'rounds'.padEnd(17)} ${'busy'.padStart(5)} ` +
      `${'CPU µs/event'.padStart(12)} ${'process'.padStart(8)}   feeder: frames/s, busy`,
  )
  for (const [name, list] of results) {
    const rates = list.map(effective)
    const own = name !== 'feeder'
    console.log(
      `  ${VARIANT_LABELS[name].padEnd(30)} ${int(median(rates)).padStart(9)}  ${rates.map(k).join(', ').padEnd(17)} ` +
        `${(own ? pct(median(list.map((m) => m.receiverBusy))) : '-').padStart(5)} ` +
        `${(own ? median(list.map((m) => m.cpuPerEvent)).toFixed(2) : '-').padStart(12)} ` +
        `${(own ? median(list.map((m) => m.processCpuPerEvent)).toFixed(2) : '-').padStart(8)}   ` +
        `${int(median(list.map((m) => m.feederRate))).padStart(9)}, ${pct(median(list.map((m) => m.feederBusy)))}`,
    )
    if (name === 'history') {
      const ingested = k(median(list.map((m) => m.rate)))
      const stored = k(median(list.map((m) => m.stored!)))
      const backlog = int(Math.max(...list.map((m) => m.pending)))
      const dropped = int(list.reduce((sum, m) => sum + m.dropped, 0))
      console.log(
        `    ingested ${ingested}/s, stored ${stored}/s; largest backlog ${backlog} events, dropped ${dropped}`,
      )
    }
    if (name === 'cluster') console.log(clusterDetail(list, seconds))
  }
  const bare = results.get('bare')
  const ratio = (name: VariantName, label: string, target: string) => {
    const list = results.get(name)
    if (!bare || !list) return
    const ratios = list.map((m, i) => effective(m) / bare[i]!.rate)
    const cost = median(bare.map((m) => m.cpuPerEvent)) / median(list.map((m) => m.cpuPerEvent))
    console.log(
      `  ${`ratio ${label} / bare`.padEnd(30)} ${median(ratios).toFixed(2).padStart(9)}  ` +
        `${ratios
          .map((r) => r.toFixed(2))
          .join(', ')
          .padEnd(17)} ${target}; by CPU per event ${cost.toFixed(2)}`,
    )
  }
  ratio('engine', 'pipeline', 'target >= 0.6 (issue 14; 0.85 in issue 5)')
  ratio('history', 'pipeline + history', 'target >= 0.5 (issue 14; 0.70 in issue 6)')
  ratio('many', `${int(manyTriggers)} triggers`, 'target >= 0.5 (issue 14)')
  const engine = results.get('engine')
  const cluster = results.get('cluster')
  if (engine && cluster) console.log(clusterRatio(cluster, engine))
}

// ---- trigger evaluation alone ------------------------------------------------------------------

function triggers(): void {
  const costs = triggerCosts([triggerCount, manyTriggers], triggerPasses)
  console.log(
    `\nTrigger evaluation alone: the feeder's events in reads of 300, ${triggerPasses} passes of 8,192; thread CPU`,
  )
  for (const cost of costs) {
    const label = `${int(cost.triggers)} triggers, ${cost.byValue ? 'value index' : 'type index only'}`
    console.log(
      `  ${label.padEnd(32)} ${cost.cpuPerEvent.toFixed(2).padStart(6)} µs/event   ` +
        `(${cost.listeningPerEvent.toFixed(1)} listening, ${cost.matchedPerEvent.toFixed(3)} matched per event)`,
    )
  }
}

// ---- latency and memory at a steady rate -------------------------------------------------------

async function steady(feeder: Feeder): Promise<void> {
  const heapBefore = heapMb()
  const started = performance.now()
  const pipeline = await startPipeline({
    url: feeder.url(`/steady?rate=${latencyRate}`),
    triggers: triggerCount,
    history: true,
    clock: hiResClock,
  })
  const { engine } = pipeline

  if (phases.has('latency')) {
    const latencies = new Samples(4_000_000)
    let recording = false
    const stop = engineInternals(engine).triggers.onDidDispatch(({ event }) => {
      if (recording) latencies.add(hiResClock.now() - event.receivedAt)
    })
    const fired = () =>
      engineInternals(engine)
        .triggers.list()
        .reduce((sum, t) => sum + t.counters.fired, 0)
    await sleep(warmup * 1000)
    const fired0 = fired()
    const count0 = pipeline.count()
    const elu = performance.eventLoopUtilization()
    recording = true
    const gc = await gcPauses(() => sleep(latencySeconds * 1000))
    recording = false
    stop()
    const busy = busySince(elu)
    const rate = (pipeline.count() - count0) / latencySeconds
    const firedPerSecond = (fired() - fired0) / latencySeconds
    console.log(
      `\nLatency at ${int(latencyRate)} events/s, frame received to actions dispatched (pipeline + history, ${latencySeconds} s)`,
    )
    console.log(
      `  received ${int(rate)} events/s, ${int(firedPerSecond)} firings/s, main thread busy ${pct(busy)}`,
    )
    console.log(
      `  p50 ${ms(latencies.percentile(50))}   p99 ${ms(latencies.percentile(99))}   p99.9 ${ms(latencies.percentile(99.9))}   ` +
        `max ${ms(latencies.max())}   (${int(latencies.size)} firings; target p99 < 5 ms)`,
    )
    const longest = Object.entries(gc.longestByKind)
      .map(([kind, duration]) => `${kind} ${ms(duration)}`)
      .join(', ')
    console.log(
      `  garbage collection meanwhile: ${gc.count} collections, ${ms(gc.totalMs)} in all; longest: ${longest}`,
    )
  }

  if (phases.has('memory')) {
    const waitMs = steadyWarmup * 1000 - (performance.now() - started)
    if (waitMs > 0) await sleep(waitMs)
    const times: number[] = []
    const heaps: number[] = []
    const count0 = pipeline.count()
    const t0 = performance.now()
    for (let t = 0; t <= steadySeconds; t += sampleSeconds) {
      const due = t0 + t * 1000 - performance.now()
      if (due > 0) await sleep(due)
      times.push((performance.now() - t0) / 1000)
      heaps.push(heapMb())
    }
    const rate = (pipeline.count() - count0) / ((performance.now() - t0) / 1000)
    const { pending, dropped } = pipeline.backlog()
    console.log(
      `\nHeap used after a full GC, same pipeline at ${int(latencyRate)} events/s (received ${int(rate)}/s)`,
    )
    console.log(
      `  before the engine started ${heapBefore.toFixed(1)} MB; ` +
        `after ${Math.round((t0 - started) / 1000)} s of the stream ${heaps[0]!.toFixed(1)} MB`,
    )
    console.log(
      `  then every ${sampleSeconds} s for ${steadySeconds} s: ${heaps.map((h) => h.toFixed(1)).join(' ')} MB`,
    )
    console.log(
      `  change over the window ${(heaps.at(-1)! - heaps[0]!).toFixed(2)} MB; ` +
        `trend ${(slope(times, heaps) * 60).toFixed(2)} MB/min; history backlog ${int(pending)}, dropped ${int(dropped)}`,
    )
  }
  await pipeline.close()
}

// ---- the run -----------------------------------------------------------------------------------

async function main(): Promise<void> {
  const feeder = await startFeeder()
  const cpu = cpus()
  console.log('Vigil benchmark')
  console.log(
    `  machine: ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, ` +
      `${process.platform} ${process.arch}, Node ${process.version}`,
  )
  console.log(`  load average at start: ${load()} (1, 5, 15 min)`)
  console.log(
    `  feeder: a separate process over loopback, 8,192 Census frames cycled, ${Math.round(feeder.meanTextBytes)} bytes of JSON on average`,
  )
  console.log(
    `  pipeline: Census source and classifier, ${triggerCount} triggers (and ${int(manyTriggers)} for the row that says so) ` +
      'over 10 event types, field catalogue, batching to a no-op renderer; ' +
      `the heap may grow ${HEAP_GROWING_PERCENT} % between full collections, as in the app`,
  )
  try {
    if (phases.has('throughput')) await throughput(feeder)
    if (phases.has('triggers')) triggers()
    if (phases.has('latency') || phases.has('memory')) await steady(feeder)
  } finally {
    feeder.close()
  }
  if (phases.has('search') && searchEvents > 0) {
    const report = await searchBench(searchEvents)
    console.log(`\nSearch over ${int(report.events)} stored events (median of 3)`)
    console.log(
      `  stored them in ${report.fillSeconds.toFixed(1)} s (${int(report.events / report.fillSeconds)}/s)`,
    )
    for (const { label, ms: took, found } of report.timings)
      console.log(`  ${label.padEnd(50)} ${took.toFixed(1).padStart(8)} ms  (${found} found)`)
  }
  if (phases.has('regex')) printRegexBench()
  console.log(`\nload average at the end: ${load()}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
