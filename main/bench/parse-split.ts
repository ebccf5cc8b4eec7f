/**
 * Where a frame's parse goes, in the bare client and in Vigil's pipeline, measured in one process
 * under one CPU profile (docs/performance.md, "What `JSON.parse` costs inside the pipeline"):
 * profiles of separate runs do not compare on a shared machine. The two clients take turns on the
 * bench's feeder; `JSON.parse` is a function of its own here (PARSE_FUNCTION, calling the builtin),
 * so the profile splits the parse from the lines of the function that called it.
 *
 *   npx tsx main/bench/parse-split.ts [--rounds 3] [--seconds 4] [--warmup 2] [--triggers 0]
 *
 * Prints µs of profile self time per frame, over each client's whole life (warm-up included).
 */

import { Session } from 'node:inspector/promises'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { startBareClient, startPipeline, type Client } from './clients'
import { startFeeder } from './feeder-process'
import { sleep } from './measure'
import { ROUND_OPTIONS } from './round-options'
import { PARSE_FUNCTION, splitByCaller, type CpuProfile } from './parse-split-summary'
import { tuneHeap } from '../services/util/heap-tuning'

// As the app's entry points do (heap-tuning.ts), like the bench.
tuneHeap()

const { values } = parseArgs({
  options: {
    rounds: ROUND_OPTIONS.rounds,
    seconds: { ...ROUND_OPTIONS.seconds, default: '4' },
    warmup: ROUND_OPTIONS.warmup,
    triggers: { ...ROUND_OPTIONS.triggers, default: '0' },
  },
})
const rounds = Number(values.rounds)
const lifeMs = (Number(values.warmup) + Number(values.seconds)) * 1000
const triggers = Number(values.triggers)

const builtinParse = JSON.parse
const parseFrame = {
  [PARSE_FUNCTION]: (text: string, reviver?: Parameters<typeof JSON.parse>[1]): unknown =>
    builtinParse(text, reviver),
}[PARSE_FUNCTION]!
JSON.parse = parseFrame

type Variant = 'bare' | 'pipeline'
const start = (variant: Variant, url: string): Promise<Client> =>
  variant === 'bare' ? startBareClient(url) : startPipeline({ url, triggers, history: false })

const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.start')
const feeder = await startFeeder()
const frames: Record<Variant, number> = { bare: 0, pipeline: 0 }
const cpu: Record<Variant, number> = { bare: 0, pipeline: 0 }
const load = () => loadavg()[0]!.toFixed(2)
const loadAtStart = load()
try {
  for (let round = 0; round < rounds; round++) {
    const order: Variant[] = round % 2 === 0 ? ['bare', 'pipeline'] : ['pipeline', 'bare']
    for (const variant of order) {
      const cpu0 = process.threadCpuUsage()
      const client = await start(variant, feeder.url('/flood'))
      await sleep(lifeMs)
      frames[variant] += client.count()
      await client.close()
      const used = process.threadCpuUsage(cpu0)
      cpu[variant] += used.user + used.system
      ;(globalThis as { gc?: () => void }).gc?.()
    }
  }
} finally {
  feeder.close()
}
const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile }
session.disconnect()

// The pipeline parses a read's small frames in frame-batch.ts (`parseOrMark`; their `toString` is
// in `flush`, so not in its column), any other frame in the connection's `receive`.
const splits = splitByCaller(profile, ({ functionName, url }) =>
  (functionName === 'receive' && url.endsWith('/connection.ts')) ||
  (functionName === 'parseOrMark' && url.endsWith('/frame-batch.ts'))
    ? 'pipeline'
    : url.endsWith('/bench/clients.ts')
      ? 'bare'
      : null,
)
console.log(
  `${rounds} rounds of ${lifeMs / 1000} s per client, ${triggers} triggers; load ${loadAtStart} then ${load()}`,
)
console.log("µs per frame:      frames   CPU   JSON.parse   caller's own lines   toString")
for (const variant of ['bare', 'pipeline'] as const) {
  const split = splits.get(variant) ?? { parse: 0, own: 0, toString: 0 }
  const per = (us: number) => (us / Math.max(1, frames[variant])).toFixed(3)
  console.log(
    `  ${variant.padEnd(9)} ${String(frames[variant]).padStart(10)} ${per(cpu[variant]).padStart(6)}` +
      ` ${per(split.parse).padStart(11)} ${per(split.own).padStart(19)} ${per(split.toString).padStart(10)}`,
  )
}
