/**
 * Trigger evaluation alone, the part of the pipeline's CPU per event that grows with the number of
 * triggers: the feeder's frames parsed into events beforehand and handed to a TriggerEngine in
 * reads of 300 (what a 64 KiB socket read of the flood holds), the work it schedules run after
 * each read as the microtask queue would. Each pass over the frames carries a new timestamp, as
 * the feeder's do. Engines with 100 and 1,000 triggers, with and without the value index, take
 * turns pass by pass, their order rotating, so machine noise falls on all alike; the figure is
 * this thread's CPU time per event over the passes after the first.
 */

import { TriggerEngine } from '../services/triggers/trigger-engine'
import type { VigilEvent } from '../../shared/domain'
import { benchTriggers } from './bench-triggers'
import { BASE_STAMP, censusFrameTexts } from './feed-frames'

const READ = 300
const SOURCE = 'bench'

export interface TriggerCost {
  triggers: number
  byValue: boolean
  /** Thread CPU µs per event. */
  cpuPerEvent: number
  /** Triggers listening to an event's type, on average (what evaluation used to cost). */
  listeningPerEvent: number
  matchedPerEvent: number
}

interface Subject {
  engine: TriggerEngine
  queue: (() => void)[]
  cost: TriggerCost
  cpu: number
  events: number
}

function subject(triggers: number, byValue: boolean): Subject {
  const queue: (() => void)[] = []
  const engine = new TriggerEngine({
    schedule: (run) => queue.push(run),
    ...(byValue ? {} : { valueIndex: false as const }),
  })
  engine.setTriggers(benchTriggers(SOURCE, triggers))
  const cost = { triggers, byValue, cpuPerEvent: 0, listeningPerEvent: 0, matchedPerEvent: 0 }
  return { engine, queue, cost, cpu: 0, events: 0 }
}

/** The frames' events of one pass (each pass with its own timestamp), numbered from `firstId`. */
export function eventsOf(texts: readonly string[], pass: number, firstId: number): VigilEvent[] {
  const stamp = String(BASE_STAMP + pass)
  return texts.map((text, i) => {
    const { payload } = JSON.parse(text) as { payload: Record<string, string> }
    payload.timestamp = stamp
    return {
      id: firstId + i,
      sourceId: SOURCE,
      type: payload.event_name ?? 'unknown',
      receivedAt: Date.now(),
      payload,
    }
  })
}

/** Thread CPU µs `engine` spends on `events` in reads of READ, running what it schedules after each. */
export function run(
  { engine, queue }: Pick<Subject, 'engine' | 'queue'>,
  events: readonly VigilEvent[],
): number {
  const start = process.threadCpuUsage()
  for (let i = 0; i < events.length; i += READ) {
    const end = Math.min(i + READ, events.length)
    for (let j = i; j < end; j++) engine.accept(events[j]!)
    while (queue.length > 0) queue.shift()!()
  }
  const used = process.threadCpuUsage(start)
  return used.user + used.system
}

export function triggerCosts(counts: readonly number[], passes: number): TriggerCost[] {
  const texts = censusFrameTexts(8192)
  const subjects = counts.flatMap((count) => [subject(count, true), subject(count, false)])
  let nextId = 1
  for (let pass = 0; pass <= passes; pass++) {
    for (let k = 0; k < subjects.length; k++) {
      const one = subjects[(k + pass) % subjects.length]!
      const events = eventsOf(texts, pass, nextId)
      nextId += events.length
      const cpu = run(one, events)
      if (pass === 0) continue // warm-up
      one.cpu += cpu
      one.events += events.length
    }
  }
  return subjects.map(({ engine, cost, cpu, events }) => {
    engine.flush()
    const views = engine.list()
    const seen = events + texts.length // the warm-up pass counts too
    cost.cpuPerEvent = cpu / events
    cost.listeningPerEvent = views.reduce((sum, t) => sum + t.counters.evaluated, 0) / seen
    cost.matchedPerEvent = views.reduce((sum, t) => sum + t.counters.matched, 0) / seen
    engine.dispose()
    return cost
  })
}
