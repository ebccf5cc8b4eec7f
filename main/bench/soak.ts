/**
 * `npm run soak`: floods one source with frames of one size after another (1 MiB, then 300 bytes,
 * by default), each for a while, through one real Engine with history on (a temporary data dir,
 * removed after), and prints figures; asserts nothing. Between floods the source's endpoint is
 * changed live, as a user would, so the engine meets every flood after the ones before it, as the
 * app does. What to look for: the process's memory
 * (RSS) bounded and flat after the first seconds whatever the frame size, and every frame the
 * feeder sent counted by the source and stored in history once the flood stops (the feeder is
 * slowed instead: see docs/performance.md, "Soak").
 *
 *   npm run soak -- [--seconds 60] [--sizes 1048576,300] [--sample-seconds 5] [--drain-seconds 120]
 *
 * The feeder is the benchmark's (a separate process, feeder.ts `/sized`), the pipeline the
 * benchmark's (clients.ts) with a generic source and a few triggers that keep state (near-misses,
 * `changed` memory, a rate-limited notification).
 */

import { cpus, loadavg, totalmem } from 'node:os'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { sourceConfigSchema } from '../../shared/source-config'
import type { TriggerConfigInput } from '../../shared/trigger-config'
import { BENCH_SOURCE, benchSource, startPipeline, type Pipeline } from './clients'
import { startFeeder, type Feeder } from './feeder-process'
import { sleep } from './measure'
import { engineInternals } from '../services/testing/engine-internals'
import { HEAP_GROWING_PERCENT, tuneHeap } from '../services/util/heap-tuning'

// As the app's entry points do (heap-tuning.ts): the soak measures the app as shipped.
tuneHeap()

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    sizes: { type: 'string', default: '1048576,300' },
    'sample-seconds': { type: 'string', default: '5' },
    'drain-seconds': { type: 'string', default: '120' },
  },
})
const seconds = Number(values.seconds)
const sizes = values.sizes.split(',').map(Number)
const sampleSeconds = Number(values['sample-seconds'])
const drainSeconds = Number(values['drain-seconds'])

const MIB = 1024 * 1024
const mb = (bytes: number) => (bytes / MIB).toFixed(0)
const int = (n: number) => Math.round(n).toLocaleString('en-US')
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')
const sizeLabel = (bytes: number) => (bytes >= MIB ? `${bytes / MIB} MiB` : `${bytes} bytes`)

/** Triggers that hold what the engine may hold per trigger, on every frame. */
const SOAK_TRIGGERS: TriggerConfigInput[] = [
  {
    id: 'never',
    name: 'Never matches (keeps near-misses)',
    sources: [BENCH_SOURCE],
    condition: { field: 'payload.seq', op: 'eq', value: -1 },
    actions: [{ type: 'notify', title: 'never' }],
  },
  {
    id: 'changed',
    name: 'Fill changed (keeps changed memory)',
    sources: [BENCH_SOURCE],
    condition: { field: 'payload.fill', op: 'changed', key: 'payload.seq' },
    actions: [{ type: 'notify', title: 'changed' }],
  },
  {
    id: 'thousandth',
    name: 'Every thousandth (rate-limited notifications)',
    sources: [BENCH_SOURCE],
    condition: { field: 'payload.seq', op: 'matches', value: '000$' },
    actions: [{ type: 'notify', title: 'seq {{payload.seq}}', body: '{{payload.fill}}' }],
    noise: { maxPerMinute: 2 },
  },
]

interface Sample {
  at: number
  rss: number
  heap: number
  counted: number
  stored: number
  backlog: number
  pausedMs: number
}

/** The generic source's settings for a flood of `bytes`-byte frames from the feeder. */
function floodSource(feeder: Feeder, bytes: number) {
  return {
    url: feeder.url(`/sized?bytes=${bytes}`),
    preset: 'generic' as const,
    onOpen: [],
    maxPayloadBytes: Math.max(MIB, 2 * bytes),
  }
}

async function soak(feeder: Feeder, pipeline: Pipeline, bytes: number): Promise<void> {
  console.log(`\n${sizeLabel(bytes)} frames, ${seconds} s of flood`)
  const { engine } = pipeline
  const view = () => engineInternals(engine).monitor.view(BENCH_SOURCE)
  const history = () => engineInternals(engine).history!.status()
  // The feeder counts frames since it started, and the engine events since it started. The first
  // flood started with both, so everything counted is its own; a later flood's counts are those
  // after this point (the flood before has stopped), until the source moves to its endpoint.
  const first = view().url === floodSource(feeder, bytes).url
  const { frames: before } = first ? { frames: 0 } : await feeder.stats()
  const already = first
    ? { events: 0, pausedMs: 0, stored: 0, notStored: 0 }
    : { ...view().counters, ...history() }
  if (!first) {
    const source = floodSource(feeder, bytes)
    await engine.saveSource(sourceConfigSchema.parse({ ...benchSource(source.url), ...source }))
  }
  const counted = () => view().counters.events - already.events
  const pausedMs = () => view().counters.pausedMs - already.pausedMs
  const stored = () => history().stored - already.stored
  const notStored = () => history().notStored - already.notStored
  const sample = (t0: number): Sample => {
    const memory = process.memoryUsage()
    return {
      at: (performance.now() - t0) / 1000,
      rss: memory.rss,
      heap: memory.heapUsed,
      counted: counted(),
      stored: stored(),
      backlog: history().backlogBytes,
      pausedMs: pausedMs(),
    }
  }
  const print = (s: Sample, label = `${Math.round(s.at)} s`.padStart(6)) =>
    console.log(
      `  ${label}  RSS ${mb(s.rss).padStart(4)} MB  heap ${mb(s.heap).padStart(4)} MB  ` +
        `counted ${int(s.counted).padStart(11)}  stored ${int(s.stored).padStart(11)}  ` +
        `backlog ${mb(s.backlog).padStart(3)} MB  paused ${(s.pausedMs / 1000).toFixed(1)} s`,
    )

  const t0 = performance.now()
  const samples: Sample[] = []
  for (let t = sampleSeconds; t <= seconds; t += sampleSeconds) {
    await sleep(t0 + t * 1000 - performance.now())
    const s = sample(t0)
    samples.push(s)
    print(s)
  }

  // The flood stops; whatever the feeder wrote is read, counted and stored, or the wait ends.
  const sent = (await feeder.stop()).frames - before
  const drainStart = performance.now()
  while (performance.now() - drainStart < drainSeconds * 1000) {
    if (counted() >= sent && stored() + notStored() >= sent) break
    await sleep(100)
  }
  await engineInternals(engine).history!.flush()
  const end = sample(t0)
  print(end, 'end'.padStart(6))
  const status = history()
  const later = samples.filter((s) => s.at > 20)
  const rssRange = later.length > 0 ? later.map((s) => s.rss) : [end.rss]
  console.log(
    `  sent ${int(sent)}, counted ${int(counted())}, stored ${int(stored())}, ` +
      `not stored ${int(notStored())} (since the engine started: ${JSON.stringify(status.notStoredByReason)}); ` +
      `drained in ${((performance.now() - drainStart) / 1000).toFixed(1)} s`,
  )
  console.log(
    `  socket paused ${(pausedMs() / 1000).toFixed(1)} s of ${seconds} s; ` +
      `RSS max ${mb(Math.max(...samples.map((s) => s.rss), end.rss))} MB, after 20 s ` +
      `${mb(Math.min(...rssRange))}-${mb(Math.max(...rssRange))} MB; load ${load()}`,
  )
}

async function main(): Promise<void> {
  const feeder = await startFeeder()
  const cpu = cpus()
  console.log('Vigil soak')
  console.log(
    `  machine: ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, ` +
      `${process.platform} ${process.arch}, Node ${process.version}; load average ${load()}`,
  )
  console.log(
    `  one generic source flooded by a separate process, ${SOAK_TRIGGERS.length} triggers, ` +
      'history on with the default budgets; RSS of this process (engine and SQLite thread); ' +
      `the heap may grow ${HEAP_GROWING_PERCENT} % between full collections, as in the app`,
  )
  try {
    const first = floodSource(feeder, sizes[0]!)
    const pipeline = await startPipeline({
      url: first.url,
      triggers: SOAK_TRIGGERS,
      history: true,
      source: first,
    })
    try {
      for (const bytes of sizes) await soak(feeder, pipeline, bytes)
    } finally {
      await pipeline.close()
    }
  } finally {
    feeder.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
