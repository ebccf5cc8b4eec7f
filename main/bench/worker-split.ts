/**
 * A measured prototype, bench only (issue 14, docs/performance.md "A second thread, measured"):
 * does evaluating triggers on a second thread raise Vigil's events per second? In the same run,
 * rounds rotating as run.ts's do, all fed by the same flooding feeder process:
 *  - the bare client (`ws` + `JSON.parse`);
 *  - the pipeline with its triggers on the main thread (run.ts's `engine` and `many` variants);
 *  - the split: the same pipeline with no triggers on the main thread, every event it ingests
 *    batched to a worker thread (trigger-thread-link.ts: the frame's text and the payload's place,
 *    id, type, receive time), which runs the real TriggerEngine with the same bench triggers
 *    (trigger-worker.ts). Counted when the worker has evaluated them; the main thread holds its
 *    source back while too much is in flight (`--max-events`, `--max-chars`).
 * Printed per variant: events/s, CPU µs per event of each thread (`process.threadCpuUsage` in
 * each) and of the whole process, event-loop busy share of each thread, how far the worker
 * lagged (peak events and characters in flight, time held back), and ratios to the same round's
 * bare client. `split-none` (not in the default run) is the split with no trigger on the worker:
 * what the batches, the copy and the worker's parse cost alone. `history` and `split-history` (not
 * in the default run either) are the one-thread pipeline and the split with SQLite history on:
 * history and the link then share its slot (a tee). `--transport ring` hands the events over
 * through a SharedArrayBuffer ring (ring-link.ts, event-ring.ts) instead of `postMessage` batches
 * (its bound is the ring's size; `--batches` and `--max-*` do not apply); `--transport fields`
 * through the same ring, only the payload members the triggers name (payload-fields.ts);
 * `--transport binary` those members in a binary layout (payload-binary.ts). Asserts nothing.
 *
 * The prototype plugs into the flow at the one slot told each event's frame text (history's, off
 * here) through a cast to the Monitor's private flow: no product code changes.
 *
 *   npx tsx --expose-gc main/bench/worker-split.ts [--rounds 3] [--seconds 5] [--warmup 2]
 *       [--triggers 100] [--many-triggers 1000] [--batches read,1000,2ms]
 *       [--max-events 65536] [--max-chars 16777216] [--transport array|joined|ring|fields|binary]
 *       [--ring-bytes 16777216]
 *       [--variants bare,engine,split,many,split-many,split-none,history,split-history]
 */

import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import type { EventSubscribers } from '../services/event-flow'
import { engineInternals } from '../services/testing/engine-internals'
import { ROUND_OPTIONS } from './round-options'
import { tuneHeap } from '../services/util/heap-tuning'
import { BENCH_SOURCE, startBareClient, startPipeline, type Client } from './clients'
import { startFeeder, type Feeder } from './feeder-process'
import { busySince, heapMb, median, sleep } from './measure'
import { startLink, TeeRecorder, type Transport } from './split-links'
import type { LinkStats, Reading, ThreadLink } from './thread-link'

tuneHeap()

const { values } = parseArgs({
  options: {
    ...ROUND_OPTIONS,
    batches: { type: 'string', default: 'read,1000,2ms' },
    transport: { type: 'string', default: 'array' },
    'max-events': { type: 'string', default: '65536' },
    'max-chars': { type: 'string', default: String(16 * 1024 * 1024) },
    'ring-bytes': { type: 'string', default: String(16 * 1024 * 1024) },
    variants: { type: 'string', default: 'bare,engine,split,many,split-many' },
  },
})
const rounds = Number(values.rounds)
const seconds = Number(values.seconds)
const warmup = Number(values.warmup)
const triggerCount = Number(values.triggers)
const manyTriggers = Number(values['many-triggers'])
const batches = values.batches.split(',')
const transport = ((text: string): Transport => {
  if (['array', 'joined', 'ring', 'fields', 'binary'].includes(text)) return text as Transport
  throw new Error(`--transport: "array", "joined", "ring", "fields" or "binary", not "${text}"`)
})(values.transport)
const ringBytes = Number(values['ring-bytes'])
const limits = { events: Number(values['max-events']), chars: Number(values['max-chars']) }

/** A variant: what runs, on how many triggers, and (split) how it batches. */
interface Variant {
  label: string
  kind: 'bare' | 'one-thread' | 'split'
  triggers: number
  batch?: string
  /** With SQLite history (`history`, `split-history`). */
  history?: boolean
}

function variantsOf(names: readonly string[]): Variant[] {
  return names.flatMap((name): Variant[] => {
    switch (name) {
      case 'bare':
        return [{ label: 'bare ws + JSON.parse', kind: 'bare', triggers: 0 }]
      case 'engine':
        return [
          {
            label: `one thread, ${triggerCount} triggers`,
            kind: 'one-thread',
            triggers: triggerCount,
          },
        ]
      case 'many':
        return [
          {
            label: `one thread, ${manyTriggers} triggers`,
            kind: 'one-thread',
            triggers: manyTriggers,
          },
        ]
      case 'split':
        return batches.map((batch) => ({
          label: `split, ${triggerCount}, batch ${batch}`,
          kind: 'split' as const,
          triggers: triggerCount,
          batch,
        }))
      case 'split-many':
        return [
          {
            label: `split, ${manyTriggers}, batch ${batches[0]!}`,
            kind: 'split',
            triggers: manyTriggers,
            batch: batches[0]!,
          },
        ]
      case 'history':
        return [
          {
            label: `one thread, ${triggerCount}, history`,
            kind: 'one-thread',
            triggers: triggerCount,
            history: true,
          },
        ]
      case 'split-history':
        return [
          {
            label: `split, ${triggerCount}, history`,
            kind: 'split',
            triggers: triggerCount,
            batch: batches[0]!,
            history: true,
          },
        ]
      case 'split-none':
        // The design's fixed cost: the batches, the copy and the worker's parse, no trigger.
        return [
          {
            label: `split, 0, batch ${batches[0]!}`,
            kind: 'split',
            triggers: 0,
            batch: batches[0]!,
          },
        ]
      default:
        throw new Error(`unknown variant "${name}"`)
    }
  })
}

const variants = variantsOf(values.variants.split(','))

interface Measurement {
  rate: number
  /** µs of CPU per event: main thread, worker thread (split only), whole process. */
  mainCpu: number
  workerCpu: number | null
  processCpu: number
  mainBusy: number
  workerBusy: number | null
  peakEvents: number
  peakChars: number
  heldMs: number
  firings: number
  batchSize: number
  /** Events the worker could not read, and events sent without their frame's text (totals). */
  unreadable: number
  serialised: number
  refused: number
  /** Events history did not store (history variants; total). */
  notStored: number
}

interface Running {
  /** Events counted so far: frames for bare and one thread, evaluated by the worker for split. */
  count(): number
  link?: ThreadLink
  /** Events history did not store (history variants). */
  notStored?(): number
  close(): Promise<void>
}

function linkFor(variant: Variant, reading: Reading): ThreadLink {
  return startLink(
    { transport, batch: variant.batch!, limits, ringBytes },
    reading,
    BENCH_SOURCE,
    variant.triggers,
  )
}

async function start(variant: Variant, url: string): Promise<Running> {
  if (variant.kind === 'bare') return startBareClient(url)
  const triggers = variant.kind === 'split' ? 0 : variant.triggers
  const history = variant.history === true
  const pipeline = await startPipeline({ url, triggers, history })
  const notStored = history ? { notStored: () => pipeline.backlog().dropped } : {}
  if (variant.kind === 'one-thread') return { ...pipeline, ...notStored }
  const { monitor } = engineInternals(pipeline.engine)
  const link = linkFor(variant, monitor)
  // The flow's subscribers (private to the Monitor and its EventFlow; reached by a cast, bench
  // only): the link takes history's slot (the one told each frame's text), beside history itself
  // when it is on, and the main thread's trigger engine leaves the flow.
  const subscribers = (monitor as unknown as { flow: { subscribers: EventSubscribers } }).flow
    .subscribers
  subscribers.history = subscribers.history ? new TeeRecorder(subscribers.history, link) : link
  delete subscribers.triggers
  return {
    count: () => link.stats().evaluated,
    link,
    ...notStored,
    // The pipeline first: a link closed while the flow still fed it could hold the sources
    // again and leave a timer running (the process then never ended).
    close: async () => {
      await pipeline.close()
      await link.close()
    },
  }
}

const cpuOf = (usage: NodeJS.CpuUsage) => usage.user + usage.system

async function measure(variant: Variant, feeder: Feeder): Promise<Measurement> {
  const running: Running | Client = await start(variant, feeder.url('/flood'))
  const link = 'link' in running ? running.link : undefined
  try {
    await sleep(warmup * 1000)
    link?.resetPeaks()
    const before: LinkStats | undefined = link?.stats()
    const count0 = running.count()
    const elu = performance.eventLoopUtilization()
    const workerElu = link?.worker.performance.eventLoopUtilization()
    const main0 = process.threadCpuUsage()
    const process0 = process.cpuUsage()
    const t0 = performance.now()
    await sleep(seconds * 1000)
    const elapsed = (performance.now() - t0) / 1000
    const mainBusy = busySince(elu)
    const workerBusy = link
      ? link.worker.performance.eventLoopUtilization(workerElu).utilization
      : null
    const mainCpu = cpuOf(process.threadCpuUsage(main0))
    const processCpu = cpuOf(process.cpuUsage(process0))
    const events = Math.max(1, running.count() - count0)
    const after = link?.stats()
    return {
      rate: events / elapsed,
      mainCpu: mainCpu / events,
      workerCpu: before && after ? (after.workerCpuMicros - before.workerCpuMicros) / events : null,
      processCpu: processCpu / events,
      mainBusy,
      workerBusy,
      peakEvents: after?.peakEvents ?? 0,
      peakChars: after?.peakChars ?? 0,
      heldMs: before && after ? after.heldMs - before.heldMs : 0,
      firings: before && after ? (after.firings - before.firings) / elapsed : 0,
      batchSize:
        before && after
          ? (after.sent - before.sent) / Math.max(1, after.batches - before.batches)
          : 0,
      unreadable: after?.unreadable ?? 0,
      serialised: after?.serialised ?? 0,
      refused: after?.refused ?? 0,
      notStored: 'notStored' in running && running.notStored ? running.notStored() : 0,
    }
  } finally {
    await running.close()
    heapMb()
    await sleep(500)
  }
}

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const k = (n: number) => `${Math.round(n / 1000)}k`
const pct = (n: number) => `${Math.round(n * 100)} %`
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')

function report(results: Map<Variant, Measurement[]>): void {
  console.log(
    `\nThroughput: ${rounds} rounds of ${seconds} s per variant after ${warmup} s of warm-up; medians`,
  )
  console.log(
    `  ${''.padEnd(30)} ${'events/s'.padStart(9)}  ${'rounds'.padEnd(17)} ` +
      `${'CPU µs/event: main, worker, process'.padEnd(36)} busy: main, worker`,
  )
  const bare = [...results].find(([v]) => v.kind === 'bare')?.[1]
  for (const [variant, list] of results) {
    const med = (f: (m: Measurement) => number) => median(list.map(f))
    const worker = list[0]!.workerCpu === null ? '-' : med((m) => m.workerCpu!).toFixed(2)
    const workerBusy = list[0]!.workerBusy === null ? '-' : pct(med((m) => m.workerBusy!))
    console.log(
      `  ${variant.label.padEnd(30)} ${int(med((m) => m.rate)).padStart(9)}  ` +
        `${list
          .map((m) => k(m.rate))
          .join(', ')
          .padEnd(17)} ` +
        `${`${med((m) => m.mainCpu).toFixed(2)}, ${worker}, ${med((m) => m.processCpu).toFixed(2)}`.padEnd(36)} ` +
        `${pct(med((m) => m.mainBusy))}, ${workerBusy}`,
    )
    if (variant.kind === 'split') {
      console.log(
        `    lag: peak in flight ${int(Math.max(...list.map((m) => m.peakEvents)))} events, ` +
          `${int(Math.max(...list.map((m) => m.peakChars)))} chars; held back ` +
          `${list.map((m) => `${(m.heldMs / 1000).toFixed(2)} s`).join(', ')} of ${seconds} s; ` +
          `${int(med((m) => m.batchSize))} events per batch; ${int(med((m) => m.firings))} firings/s; ` +
          `unreadable ${int(Math.max(...list.map((m) => m.unreadable)))}, ` +
          `sent without text ${int(Math.max(...list.map((m) => m.serialised)))}, ` +
          `refused ${int(Math.max(...list.map((m) => m.refused)))}`,
      )
    }
    if (variant.history === true)
      console.log(`    history did not store ${int(Math.max(...list.map((m) => m.notStored)))}`)
    if (bare && variant.kind !== 'bare') {
      const ratios = list.map((m, i) => m.rate / bare[i]!.rate)
      const busier = med((m) => Math.max(m.mainCpu, m.workerCpu ?? 0))
      console.log(
        `    ratio to bare ${median(ratios).toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(', ')}); ` +
          `by CPU of the busier thread ${(med((m) => m.mainCpu) / busier).toFixed(2)} of main's own, ` +
          `bare / busier ${(median(bare.map((m) => m.mainCpu)) / busier).toFixed(2)}`,
      )
    }
  }
}

async function main(): Promise<void> {
  console.log(
    `worker-split: load ${load()}; texts sent as ${transport}; ` +
      (transport === 'ring' || transport === 'fields' || transport === 'binary'
        ? `a ring of ${int(ringBytes)} bytes`
        : `in flight at most ${int(limits.events)} events, ${int(limits.chars)} chars`),
  )
  const feeder = await startFeeder()
  try {
    const results = new Map<Variant, Measurement[]>(variants.map((v) => [v, []]))
    for (let round = 0; round < rounds; round++) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length]!)
      for (const variant of order) results.get(variant)!.push(await measure(variant, feeder))
      console.log(`  round ${round + 1} of ${rounds} done (load ${load()})`)
    }
    report(results)
  } finally {
    feeder.close()
  }
}

await main()
