import { afterEach, describe, expect, it } from 'vitest'
import type { TriggerView } from '../../../shared/trigger-views'
import { ManualClock } from '../testing/manual-clock'
import { censusEvent, trigger } from '../testing/trigger-fixtures'
import { TriggerEngine } from './trigger-engine'
import { TRIGGER_FEED_INTERVAL_MS, TriggerViewFeed } from './trigger-view-feed'

describe('TriggerViewFeed', () => {
  const disposers: (() => void)[] = []
  afterEach(() => {
    for (const dispose of disposers.splice(0)) dispose()
  })

  function setup() {
    const clock = new ManualClock()
    const engine = new TriggerEngine({ clock })
    engine.setTriggers([
      trigger({ id: 'deaths', events: ['Death'] }),
      trigger({ id: 'logins', events: ['PlayerLogin'] }),
    ])
    const feed = new TriggerViewFeed({ clock, list: () => engine.list() })
    const changed: TriggerView[] = []
    const removed: string[] = []
    let ticks = 0
    feed.onDidChange((views) => {
      ticks++
      changed.push(...views)
    })
    feed.onDidRemove(({ id }) => removed.push(id))
    disposers.push(
      () => feed.dispose(),
      () => engine.dispose(),
    )
    return { clock, engine, changed, removed, pushes: () => ticks }
  }

  it('tells nothing while nothing changes', () => {
    const { clock, changed } = setup()
    clock.advance(TRIGGER_FEED_INTERVAL_MS * 5)
    expect(changed).toEqual([])
  })

  it('tells each changed trigger once a tick, however many events moved its counters', () => {
    const { clock, engine, changed, pushes } = setup()
    for (let i = 0; i < 500; i++) engine.handle(censusEvent({ event_name: 'Death' }))
    expect(changed).toEqual([]) // not per event
    clock.advance(TRIGGER_FEED_INTERVAL_MS)
    expect(changed.map((view) => [view.id, view.counters.evaluated])).toEqual([['deaths', 500]])

    engine.handle(censusEvent({ event_name: 'PlayerLogin' }))
    engine.handle(censusEvent({ event_name: 'Death' }))
    clock.advance(TRIGGER_FEED_INTERVAL_MS)
    expect(changed.map((view) => view.id)).toEqual(['deaths', 'deaths', 'logins'])
    expect(pushes()).toBe(2) // one push a tick, with every trigger that changed
  })

  it('tells new, edited and removed triggers', () => {
    const { clock, engine, changed, removed } = setup()
    engine.setTriggers([
      trigger({ id: 'deaths', name: 'Renamed', events: ['Death'] }),
      trigger({ id: 'revives', events: ['GainExperience'] }),
    ])
    clock.advance(TRIGGER_FEED_INTERVAL_MS)
    expect(changed.map((view) => [view.id, view.name])).toEqual([
      ['deaths', 'Renamed'],
      ['revives', expect.any(String)],
    ])
    expect(removed).toEqual(['logins'])
  })

  it('stops telling once disposed', () => {
    const { clock, engine, changed } = setup()
    disposers.shift()!()
    engine.handle(censusEvent({ event_name: 'Death' }))
    clock.advance(TRIGGER_FEED_INTERVAL_MS * 3)
    expect(changed).toEqual([])
  })
})
