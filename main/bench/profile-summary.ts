/**
 * Sums a V8 CPU profile's self time by function and by file, to read where the pipeline's time per
 * event goes (docs/performance.md). Profile a benchmark run, then summarise it:
 *
 *   npx tsx --cpu-prof --cpu-prof-dir=/tmp/prof main/bench/run.ts --phases throughput \
 *     --variants engine --rounds 1 --seconds 10
 *   npx tsx main/bench/profile-summary.ts /tmp/prof/<file>.cpuprofile --window 9 --events 2500000 \
 *     [--top 40]
 *
 * `--window` keeps the last seconds of the profile before the pipeline stopped (the measured
 * window; the summary prints where the load began and ended), `--events` (what the bench printed:
 * events/s times those seconds) turns times into µs per event.
 */

import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    events: { type: 'string' },
    window: { type: 'string' },
    top: { type: 'string', default: '40' },
  },
})
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const events = values.events === undefined ? undefined : Number(values.events)

/** A file's name from the repository on (or the runtime's own names for native frames). */
function fileOf(url: string): string {
  if (url === '') return '(native)'
  const at = url.indexOf('/main/')
  if (at >= 0) return url.slice(at + 1)
  const modules = url.lastIndexOf('/node_modules/')
  return modules >= 0 ? url.slice(modules + '/node_modules/'.length) : url
}

/** Busy (not idle) time per second of the profile: where the flood ran. */
const busy: number[] = []
const times: number[] = []
let elapsed = 0
for (let i = 0; i < profile.samples.length - 1; i++) {
  elapsed += profile.timeDeltas[i]!
  times.push(elapsed)
  const second = Math.floor(elapsed / 1e6)
  const name = byId.get(profile.samples[i]!)!.callFrame.functionName
  if (name !== '(idle)') busy[second] = (busy[second] ?? 0) + profile.timeDeltas[i + 1]!
}
// The flood ran from the first to the last second the thread was more than 90 % busy.
const loaded = busy.map((us, second) => (us > 0.9e6 ? second : -1)).filter((s) => s >= 0)
const loadEnd = (loaded.at(-1) ?? Math.floor(elapsed / 1e6)) + 1
const windowUs = values.window === undefined ? elapsed : Number(values.window) * 1e6
const from = loadEnd * 1e6 - windowUs
console.log(
  `profile: ${(elapsed / 1e6).toFixed(1)} s; busy over 90 % from ${loaded[0] ?? '-'} s to ${loadEnd} s; ` +
    `summing ${(from / 1e6).toFixed(1)} s to ${loadEnd} s`,
)

const byFunction = new Map<string, number>()
const byFile = new Map<string, number>()
let total = 0
// Sample i lasted until sample i + 1 was taken: its duration is the next delta.
for (let i = 0; i < profile.samples.length - 1; i++) {
  if (times[i]! < from || times[i]! >= loadEnd * 1e6) continue
  const duration = profile.timeDeltas[i + 1]!
  const node = byId.get(profile.samples[i]!)!
  const { functionName, url, lineNumber } = node.callFrame
  const file = fileOf(url)
  const name = `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`
  byFunction.set(name, (byFunction.get(name) ?? 0) + duration)
  byFile.set(file, (byFile.get(file) ?? 0) + duration)
  total += duration
}

const per = (us: number) =>
  events === undefined ? `${(us / 1000).toFixed(1)} ms` : `${(us / events).toFixed(3)} µs/event`
const share = (us: number) => `${((100 * us) / total).toFixed(1)} %`

function print(title: string, table: Map<string, number>, top: number): void {
  console.log(`\n${title}`)
  const rows = [...table].sort((a, b) => b[1] - a[1]).slice(0, top)
  for (const [name, us] of rows)
    console.log(`  ${per(us).padStart(16)} ${share(us).padStart(7)}  ${name}`)
}

console.log(`summed ${(total / 1e6).toFixed(2)} s, ${per(total)}`)
print('self time by file', byFile, 25)
print('self time by function', byFunction, Number(values.top))
