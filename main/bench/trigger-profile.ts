/**
 * One engine's trigger evaluation alone, for a CPU profile (docs/performance.md): the trigger
 * bench's passes over the frames (trigger-bench.ts) and nothing else, so a profile's self times
 * divide by the events it prints:
 *
 *   npx tsx --cpu-prof --cpu-prof-dir=/tmp/prof main/bench/trigger-profile.ts --triggers 100
 *   npx tsx main/bench/profile-summary.ts /tmp/prof/<file>.cpuprofile --events <events>
 */

import { parseArgs } from 'node:util'
import { TriggerEngine } from '../services/triggers/trigger-engine'
import { benchTriggers } from './bench-triggers'
import { censusFrameTexts } from './feed-frames'
import { eventsOf, run } from './trigger-bench'

const { values } = parseArgs({
  options: {
    triggers: { type: 'string', default: '100' },
    passes: { type: 'string', default: '40' },
  },
})
const queue: (() => void)[] = []
const engine = new TriggerEngine({ schedule: (task) => queue.push(task) })
engine.setTriggers(benchTriggers('bench', Number(values.triggers)))
const texts = censusFrameTexts(8192)
let events = 0
let cpu = 0
for (let pass = 0; pass < Number(values.passes); pass++) {
  const batch = eventsOf(texts, pass, events + 1)
  cpu += run({ engine, queue }, batch)
  events += batch.length
}
engine.dispose()
console.log(`${events} events, ${(cpu / events).toFixed(2)} µs/event`)
