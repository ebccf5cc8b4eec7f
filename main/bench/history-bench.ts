/**
 * `npm run bench:history`: what history costs, measured against a bare client in the same run.
 *
 *  1. Throughput. A feeder process floods 200-byte Census-like frames over loopback as fast as
 *     each client takes them. Measured in turn, several rounds (medians reported, since a shared
 *     machine is noisy): a bare `ws` client that only `JSON.parse`s; the engine without history;
 *     the engine with history and the catalogue (events stored per second counts too: ingesting
 *     faster than the disk keeps up would only grow a backlog). Target: the pipeline with history
 *     at >= 0.7x the bare client.
 *
 *  Env: BENCH_SECONDS (per measurement, default 4), BENCH_ROUNDS (default 3),
 *  BENCH_SEARCH_EVENTS (default 1,000,000).
 *  2. Text search over 1,000,000 stored events (LIKE over the payload, see event-query.ts).
 *  3. The field catalogue's cost per event, sampling as it does against walking every payload.
 *
 * Prints figures; asserts nothing (performance is never checked by timed tests).
 */

import { fork } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket, { WebSocketServer } from 'ws'
import { FieldCatalogue } from '../services/catalogue/field-catalogue'
import { Engine } from '../services/engine'
import { History } from '../services/history/history'
import { silentLogger } from '../services/util/logger'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4)
/** Each variant runs this many times, in turn with the others; medians are reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const WARMUP_MS = 1_000
const SEARCH_EVENTS = Number(process.env.BENCH_SEARCH_EVENTS ?? 1_000_000)
const TYPES = [
  'Death',
  'GainExperience',
  'VehicleDestroy',
  'PlayerLogin',
  'PlayerLogout',
  'FacilityControl',
  'MetagameEvent',
  'BattleRankUp',
  'ItemAdded',
  'SkillAdded',
]

/** A Census-like event payload of about 200 bytes once framed; `n` varies every value. */
function payload(n: number): Record<string, string> {
  return {
    event_name: TYPES[n % TYPES.length]!,
    character_id: String(5_428_010_618_020_000_000n + BigInt((n * 7_919) % 1_000_003)),
    attacker_character_id: String(5_428_010_618_020_000_000n + BigInt((n * 104_729) % 1_000_003)),
    world_id: String((n % 17) + 1),
    zone_id: String(n % 8),
    timestamp: String(1_706_357_108 + (n >> 8)),
    amount: String(n % 500),
  }
}

// ---- feeder (a child process, so it has a core of its own) -------------------------------------

function runFeeder(): void {
  const frames = Array.from({ length: 4_096 }, (_, n) =>
    JSON.stringify({ payload: payload(n), service: 'event', type: 'serviceMessage' }),
  )
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
  wss.on('listening', () => process.send!((wss.address() as AddressInfo).port))
  wss.on('connection', (socket) => {
    // A client that goes away mid-send (each run ends with terminate()) is not the feeder's end.
    socket.on('error', () => {})
    let n = 0
    const pump = () => {
      // Keep about 1 MiB in flight: the client, not the feeder, sets the pace. At most 1,000
      // frames per turn, so the event loop still notices a client that has gone.
      for (let i = 0; i < 1_000; i++) {
        if (socket.readyState !== socket.OPEN || socket.bufferedAmount >= 1 << 20) break
        socket.send(frames[n++ & 4_095]!)
      }
      if (socket.readyState === socket.OPEN) setImmediate(pump)
    }
    pump()
  })
}

// ---- measurements ------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** Counts per second over SECONDS, after a warm-up. */
async function rate(count: () => number): Promise<number> {
  await sleep(WARMUP_MS)
  const start = count()
  const started = performance.now()
  await sleep(SECONDS * 1_000)
  return (count() - start) / ((performance.now() - started) / 1_000)
}

async function bare(url: string): Promise<number> {
  const socket = new WebSocket(url, { perMessageDeflate: false })
  let messages = 0
  socket.on('message', (data: Buffer) => {
    JSON.parse(data.toString())
    messages++
  })
  await new Promise((resolve) => socket.once('open', resolve))
  const result = await rate(() => messages)
  socket.terminate()
  return result
}

interface PipelineResult {
  ingested: number
  stored: number | null
  pending: number
  dropped: number
}

async function pipeline(url: string, history: boolean): Promise<PipelineResult> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-'))
  const engine = await Engine.start({
    dataDir: dir,
    mode: 'headless',
    version: 'bench',
    logger: silentLogger,
    ...(history ? {} : { history: false as const }),
    firstRunConfig: () => ({
      version: 1,
      sources: [
        {
          id: 'bench',
          name: 'Bench',
          preset: 'census',
          enabled: true,
          url,
          headers: {},
          onOpen: [],
        },
      ],
      triggers: [],
    }),
  })
  let events = 0
  engine.monitor.onDidReceiveEvent(() => events++)
  const written = () => engine.history?.stats().events.written ?? 0
  await sleep(WARMUP_MS)
  const startEvents = events
  const startWritten = written()
  const started = performance.now()
  await sleep(SECONDS * 1_000)
  const seconds = (performance.now() - started) / 1_000
  const stats = engine.history?.stats().events
  const result: PipelineResult = {
    ingested: (events - startEvents) / seconds,
    stored: history ? (written() - startWritten) / seconds : null,
    pending: stats?.pending ?? 0,
    dropped: stats?.dropped ?? 0,
  }
  await engine.dispose()
  await rm(dir, { recursive: true, force: true })
  return result
}

async function searchTimes(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-search-'))
  const history = History.open({ path: join(dir, 'history.sqlite'), logger: silentLogger })
  const filled = performance.now()
  const at = Date.now() - SEARCH_EVENTS
  for (let id = 1; id <= SEARCH_EVENTS; id++) {
    history.events.record({
      id,
      sourceId: id % 4 === 0 ? 'other' : 'ps2',
      type: TYPES[id % TYPES.length]!,
      receivedAt: at + id,
      payload: payload(id),
    })
    if (id % 50_000 === 0) await history.flush()
  }
  await history.flush()
  const fillSeconds = (performance.now() - filled) / 1_000
  console.log(
    `  stored ${SEARCH_EVENTS.toLocaleString('en')} events in ${fillSeconds.toFixed(1)} s ` +
      `(${Math.round(SEARCH_EVENTS / fillSeconds).toLocaleString('en')}/s)`,
  )
  const time = async (label: string, query: Parameters<History['search']>[0]) => {
    const runs: number[] = []
    let found = 0
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      found = (await history.search(query)).events.length
      runs.push(performance.now() - started)
    }
    runs.sort((a, b) => a - b)
    console.log(`  ${label.padEnd(52)} ${runs[1]!.toFixed(1).padStart(8)} ms  (${found} found)`)
  }
  await time('text, no match (scans every payload)', { q: 'no-such-value' })
  await time('text, rare (a value of the oldest events)', {
    q: String(payload(1).attacker_character_id),
  })
  await time('text, common (first page of 100)', { q: '"world_id":"3"' })
  await time('text + source + type, no match', {
    q: 'no-such-value',
    source: 'other',
    type: 'Death',
  })
  await time('type, newest 100', { type: 'MetagameEvent' })
  await time('time range (a tenth of the events), newest 100', {
    from: at + SEARCH_EVENTS * 0.4,
    to: at + SEARCH_EVENTS * 0.5,
  })
  await history.close()
  await rm(dir, { recursive: true, force: true })
}

/** Microseconds per `observe`, 1,000,000 events of 10 types arriving at 100,000 a second. */
function catalogueCost(walkEvery: boolean): number {
  const catalogue = new FieldCatalogue(walkEvery ? { fullWalks: Number.POSITIVE_INFINITY } : {})
  const events = Array.from({ length: 10_000 }, (_, n) => ({
    id: n,
    sourceId: 'ps2',
    type: TYPES[n % TYPES.length]!,
    receivedAt: 0,
    payload: payload(n),
  }))
  const count = 1_000_000
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    const event = events[i % events.length]!
    event.receivedAt = i / 100
    catalogue.observe(event)
  }
  return ((performance.now() - started) * 1_000) / count
}

async function main(): Promise<void> {
  const cpu = cpus()
  console.log(
    `Vigil history benchmark: Node ${process.version}, ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}`,
  )
  const feeder = fork(import.meta.filename, ['--feeder'], { execArgv: process.execArgv })
  const port = await new Promise<number>((resolve) =>
    feeder.once('message', (p) => resolve(p as number)),
  )
  const url = `ws://127.0.0.1:${port}/`
  try {
    console.log(
      `\nThroughput (${ROUNDS} rounds of ${SECONDS} s each, 200-byte Census-like frames over loopback; medians)`,
    )
    const bares: number[] = []
    const withouts: number[] = []
    const ingested: number[] = []
    const stored: number[] = []
    let backlog = 0
    let dropped = 0
    for (let round = 0; round < ROUNDS; round++) {
      bares.push(await bare(url))
      withouts.push((await pipeline(url, false)).ingested)
      const result = await pipeline(url, true)
      ingested.push(result.ingested)
      stored.push(result.stored!)
      backlog = Math.max(backlog, result.pending)
      dropped += result.dropped
    }
    const baseline = median(bares)
    const line = (label: string, value: number, extra = '') =>
      console.log(
        `  ${label.padEnd(32)} ${Math.round(value).toLocaleString('en').padStart(9)} events/s${extra}`,
      )
    line(
      'bare ws + JSON.parse',
      baseline,
      `   (rounds: ${bares.map((v) => Math.round(v / 1000)).join(', ')} k)`,
    )
    line(
      'engine, no history',
      median(withouts),
      `   ${(median(withouts) / baseline).toFixed(2)}x bare`,
    )
    line('engine + history + catalogue', median(ingested), ' ingested')
    line('  of which stored', median(stored), `   (largest backlog ${backlog}, dropped ${dropped})`)
    const effective = Math.min(median(ingested), median(stored))
    console.log(
      `  ratio, history on / bare         ${(effective / baseline).toFixed(2)}x` +
        '   (target >= 0.70; the lower of ingested and stored)',
    )
  } finally {
    feeder.kill()
  }
  console.log(`\nSearch over ${SEARCH_EVENTS.toLocaleString('en')} stored events (median of 3)`)
  await searchTimes()
  console.log('\nField catalogue, per event (10 types at 100,000 events/s)')
  console.log(`  sampled (as the engine runs it)  ${catalogueCost(false).toFixed(3)} us`)
  console.log(`  every payload walked             ${catalogueCost(true).toFixed(3)} us`)
}

if (process.argv.includes('--feeder')) runFeeder()
else
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
