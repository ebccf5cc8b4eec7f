import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import type { TriggerConfig } from '../../../shared/trigger-config'
import { MemoryFiringLog } from '../notify/notification-log'
import { censusEvent, trigger } from '../testing/trigger-fixtures'
import { TriggerEngine } from './trigger-engine'

// Triggers that reach events through every kind of list: a type, two types, a type and an
// experience id (so one trigger sits in two lists), an experience id, and every type; with
// `changed`, noise control and a digest, whose outcomes depend on the order each trigger sees.
const TRIGGERS: TriggerConfig[] = [
  trigger({
    id: 'deaths-17',
    events: ['Death'],
    condition: { field: 'payload.world_id', op: 'eq', value: '17' },
    noise: { cooldown: { seconds: 60, key: '{{payload.character_id}}' } },
  }),
  trigger({
    id: 'moved',
    events: ['Death', 'GainExperience_experience_id_7'],
    condition: { field: 'payload.zone_id', op: 'changed', key: 'payload.character_id' },
  }),
  trigger({ id: 'revives', events: ['GainExperience_experience_id_7'] }),
  trigger({
    id: 'any-c1',
    condition: { field: 'payload.character_id', op: 'ends-with', value: '1' },
    noise: { maxPerMinute: 2 },
  }),
  trigger({
    id: 'not-world-1',
    events: ['PlayerLogin', 'Death'],
    condition: { not: { field: 'payload.world_id', op: 'eq', value: '1' } },
    noise: { dedupe: { seconds: 60 } },
  }),
]

function stream(count: number): VigilEvent[] {
  const types = ['Death', 'GainExperience', 'PlayerLogin', 'Death', 'GainExperience']
  return Array.from({ length: count }, (_, i) => {
    const type = types[i % types.length]!
    return censusEvent({
      event_name: type,
      character_id: `c${i % 4}`,
      zone_id: String((i * 7) % 3),
      world_id: String(i % 5 === 0 ? 1 : 17),
      ...(type === 'GainExperience' ? { experience_id: i % 3 === 0 ? '4' : '7' } : {}),
    })
  })
}

describe('TriggerEngine.accept', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date(2025, 0, 6, 12, 0) })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function engines() {
    const make = () => {
      const firings = new MemoryFiringLog()
      const engine = new TriggerEngine({ firings })
      engine.setTriggers(TRIGGERS)
      const titles: string[] = []
      engine.onDidNotify((n) => titles.push(`${n.id} ${n.triggerId} ${n.eventId} ${n.title}`))
      return { engine, firings, titles }
    }
    return { one: make(), batched: make() }
  }

  function outcome({ engine, firings, titles }: ReturnType<typeof engines>['one']) {
    engine.flush()
    return {
      triggers: engine.list(),
      nearMisses: TRIGGERS.map(({ id }) => engine.nearMisses(id)),
      notifications: titles,
      firings: firings.firings,
    }
  }

  it('evaluates a read’s events together with the outcome of handling each in turn', async () => {
    const { one, batched } = engines()
    const events = stream(120)
    for (const event of events) one.engine.handle(event)
    for (const event of events) batched.engine.accept(event)
    expect(batched.titles).toEqual([]) // nothing yet: the read is still being handled
    await Promise.resolve()

    const expected = outcome(one)
    expect(expected.notifications.length).toBeGreaterThan(10)
    expect(expected.firings.some((f) => f.outcome === 'suppressed')).toBe(true)
    expect(outcome(batched)).toEqual(expected)
    one.engine.dispose()
    batched.engine.dispose()
  })

  it('evaluates accepted events before a direct handle, a read of the counters or new triggers', () => {
    const { one, batched } = engines()
    const [first, second, third] = stream(3)
    one.engine.handle(first!)
    one.engine.handle(second!)
    batched.engine.accept(first!)
    batched.engine.handle(second!)
    expect(batched.engine.view('moved').counters).toEqual(one.engine.view('moved').counters)

    batched.engine.accept(third!)
    batched.engine.setTriggers([])
    expect(batched.engine.list()).toEqual([])
    one.engine.handle(third!)
    expect(batched.firings.firings).toEqual(one.firings.firings)
    one.engine.dispose()
    batched.engine.dispose()
  })
})
