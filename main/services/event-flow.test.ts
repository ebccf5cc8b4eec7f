import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../shared/domain'
import { EventFlow } from './event-flow'
import { EventBatcher } from './events/event-batcher'
import { eventOf, type KeptEvent } from './events/kept-event'
import { RecentEvents } from './events/recent-events'
import { systemClock } from './util/clock'
import { silentLogger } from './util/logger'

const TEXT = '{"payload":{"event_name":"Death","character_id":"5428"},"service":"event"}'

/** A flow over one source `a`, with a trigger engine that notes what it is handed. */
function flowNoting(): { flow: EventFlow; handed: [VigilEvent, KeptEvent | undefined][] } {
  const recent = new RecentEvents(100, 1_000_000)
  recent.addSource('a', { evicted: 0 })
  const batcher = new EventBatcher({
    clock: systemClock,
    intervalMs: 50,
    maxEvents: 10,
    stats: () => [],
    deliver: () => {},
  })
  const handed: [VigilEvent, KeptEvent | undefined][] = []
  const triggers = {
    accept: (event: VigilEvent, _bytes: number, kept?: KeptEvent) =>
      void handed.push([event, kept]),
  }
  return { flow: new EventFlow(recent, batcher, { triggers }, silentLogger), handed }
}

describe('EventFlow', () => {
  it("hands the trigger engine each event as the recent-events ring keeps it: as its frame's text where known", () => {
    const { flow, handed } = flowNoting()
    const payload = (JSON.parse(TEXT) as { payload: unknown }).payload
    flow.ingest('a', 'Death', payload, 1_000, 80, TEXT, 'payload')
    flow.ingest('a', 'Death', { made: true }, 1_001, 10)
    const [[first, keptFirst], [second, keptSecond]] = handed as [
      [VigilEvent, KeptEvent],
      [VigilEvent, KeptEvent],
    ]
    // Kept as text: not the parsed event, but read back as it.
    expect(keptFirst).not.toBe(first)
    expect(eventOf(keptFirst)).toEqual(first)
    // No text: the event itself.
    expect(keptSecond).toBe(second)
  })
})
