/**
 * Trigger evaluation of two checkouts in one process: this one's TriggerEngine and another's
 * (say `main`, extracted with `git archive main | tar -x -C DIR` and DIR/node_modules linked to
 * this one's), engines taking turns pass by pass as in trigger-bench.ts, so a busy machine's noise
 * falls on both alike. Separate runs of the bench on a shared machine differ by more than the
 * changes being measured; this compares them within seconds of each other.
 *
 * The checkout loaded second runs slower (measured: two copies of the same code differ by up to
 * a third), so each run loads both in turn and a comparison takes both orders:
 *
 *   npx tsx main/bench/trigger-ab.ts --other DIR [--triggers 100,1000] [--passes 8] [--runs 2]
 *
 * Prints thread CPU µs per event for each engine, run by run.
 */

import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { VigilEvent } from '../../shared/domain'
import type { TriggerConfig } from '../../shared/trigger-config'
import { benchTriggers } from './bench-triggers'
import { BASE_STAMP, censusFrameTexts } from './feed-frames'

const READ = 300
const SOURCE = 'bench'

interface Engine {
  accept(event: VigilEvent): void
  setTriggers(triggers: readonly TriggerConfig[]): void
  dispose(): void
}
type EngineClass = new (options: { schedule: (run: () => void) => void }) => Engine

interface Subject {
  label: string
  engine: Engine
  queue: (() => void)[]
  cpu: number
  events: number
}

async function engineOf(root: string): Promise<EngineClass> {
  const module = (await import(resolve(root, 'main/services/triggers/trigger-engine.ts'))) as {
    TriggerEngine: EngineClass
  }
  return module.TriggerEngine
}

function eventsOf(texts: readonly string[], pass: number, firstId: number): VigilEvent[] {
  const stamp = String(BASE_STAMP + pass)
  return texts.map((text, i) => {
    const { payload } = JSON.parse(text) as { payload: Record<string, string> }
    payload.timestamp = stamp
    const type = payload.event_name ?? 'unknown'
    return { id: firstId + i, sourceId: SOURCE, type, receivedAt: Date.now(), payload }
  })
}

/** One run in this process: `first` loaded first. */
async function run(
  roots: Record<string, string>,
  first: string,
  counts: number[],
  passes: number,
): Promise<void> {
  const labels = Object.keys(roots).sort((a, b) => (a === first ? -1 : b === first ? 1 : 0))
  const classes = new Map<string, EngineClass>()
  for (const label of labels) classes.set(label, await engineOf(roots[label]!))
  const subjects: Subject[] = counts.flatMap((count) =>
    labels.map((label) => {
      const queue: (() => void)[] = []
      const engine = new (classes.get(label)!)({ schedule: (task) => queue.push(task) })
      engine.setTriggers(benchTriggers(SOURCE, count))
      return { label: `${label} ${count}`, engine, queue, cpu: 0, events: 0 }
    }),
  )
  const texts = censusFrameTexts(8192)
  let nextId = 1
  for (let pass = 0; pass <= passes; pass++) {
    for (let k = 0; k < subjects.length; k++) {
      const subject = subjects[(k + pass) % subjects.length]!
      const events = eventsOf(texts, pass, nextId)
      nextId += events.length
      const start = process.threadCpuUsage()
      for (let i = 0; i < events.length; i += READ) {
        const end = Math.min(i + READ, events.length)
        for (let j = i; j < end; j++) subject.engine.accept(events[j]!)
        while (subject.queue.length > 0) subject.queue.shift()!()
      }
      const used = process.threadCpuUsage(start)
      if (pass === 0) continue // warm-up
      subject.cpu += used.user + used.system
      subject.events += events.length
    }
  }
  const figures = subjects.map((s) => `${s.label} ${(s.cpu / s.events).toFixed(2)}`)
  console.log(`${first} first: ${figures.join(' | ')} µs/event`)
  for (const { engine } of subjects) engine.dispose()
}

const { values } = parseArgs({
  options: {
    other: { type: 'string' },
    triggers: { type: 'string', default: '100,1000' },
    passes: { type: 'string', default: '8' },
    runs: { type: 'string', default: '2' },
    first: { type: 'string' },
  },
})
if (values.other === undefined) throw new Error('--other DIR: the checkout to compare with')
const roots = { this: resolve('.'), other: resolve(values.other) }
const counts = values.triggers.split(',').map(Number)
const passes = Number(values.passes)
if (values.first !== undefined) {
  await run(roots, values.first, counts, passes)
} else {
  // Each order in a fresh process: a process keeps what it loaded.
  for (let r = 0; r < Number(values.runs); r++) {
    for (const first of ['other', 'this']) {
      const args = ['tsx', process.argv[1]!, '--other', values.other, '--first', first]
      args.push('--triggers', values.triggers, '--passes', values.passes)
      process.stdout.write(execFileSync('npx', args, { encoding: 'utf8' }))
    }
  }
}
