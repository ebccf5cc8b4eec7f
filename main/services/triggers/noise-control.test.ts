import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NotificationView } from '../../../shared/domain'
import type { TriggerConfigInput } from '../../../shared/trigger-config'
import { censusEvent, trigger } from '../testing/trigger-fixtures'
import { TriggerEngine } from './trigger-engine'

// Every rule runs through the real engine with fake timers: time moves only when a test says so.
// 2025-01-06 12:00 local time is a Monday noon.
const MONDAY_NOON = new Date(2025, 0, 6, 12, 0)

describe('noise control', () => {
  let engine: TriggerEngine
  let shown: NotificationView[]

  beforeEach(() => {
    vi.useFakeTimers({ now: MONDAY_NOON })
    engine = new TriggerEngine()
    shown = []
    engine.onDidNotify((notification) => shown.push(notification))
  })

  afterEach(() => {
    engine.dispose()
    vi.useRealTimers()
  })

  function use(noise: TriggerConfigInput['noise'], extra: Partial<TriggerConfigInput> = {}) {
    engine.setTriggers([trigger({ noise, ...extra })])
  }

  /** Hands events to the engine and runs the queued actions; answers the notifications shown. */
  function feed(...payloads: Record<string, string>[]): number {
    const before = shown.length
    for (const payload of payloads) engine.handle(censusEvent(payload))
    engine.flush()
    return shown.length - before
  }

  const counters = () => engine.view('t').counters

  it('cooldown: quiet for the set time after a firing', () => {
    use({ cooldown: { seconds: 60 } })
    expect(feed({ character_id: 'a' }, { character_id: 'b' })).toBe(1)
    vi.advanceTimersByTime(59_999)
    expect(feed({ character_id: 'c' })).toBe(0)
    vi.advanceTimersByTime(1)
    expect(feed({ character_id: 'd' })).toBe(1)
    expect(counters()).toMatchObject({ matched: 4, fired: 2, suppressed: { cooldown: 2 } })
  })

  it('cooldown per key: each character has its own', () => {
    use({ cooldown: { seconds: 60, key: '{{payload.character_id}}' } })
    expect(feed({ character_id: 'a' }, { character_id: 'b' }, { character_id: 'a' })).toBe(2)
    vi.advanceTimersByTime(60_000)
    expect(feed({ character_id: 'a' })).toBe(1)
    expect(counters().suppressed).toEqual({ cooldown: 1 })
  })

  it('dedupe: the same payload within the window fires once', () => {
    use({ dedupe: { seconds: 5 } })
    const kill = { character_id: 'a', timestamp: '1706357108' }
    expect(feed(kill, kill, { ...kill, character_id: 'b' })).toBe(2)
    vi.advanceTimersByTime(4_000)
    expect(feed(kill)).toBe(0)
    vi.advanceTimersByTime(1_000)
    expect(feed(kill)).toBe(1)
    expect(counters().suppressed).toEqual({ dedupe: 2 })
  })

  it('dedupe by key template', () => {
    use({ dedupe: { seconds: 10, key: '{{payload.character_id}}' } })
    expect(feed({ character_id: 'a', x: '1' }, { character_id: 'a', x: '2' })).toBe(1)
  })

  it('max per minute: the rest become one digest notification at the end of the minute', () => {
    use({ maxPerMinute: 3 })
    const many = Array.from({ length: 10 }, (_, i) => ({ character_id: String(i) }))
    expect(feed(...many)).toBe(3)
    expect(counters()).toMatchObject({ fired: 3, suppressed: { 'rate-limit': 7 } })
    vi.advanceTimersByTime(59_999)
    engine.flush()
    expect(shown).toHaveLength(3)
    vi.advanceTimersByTime(1)
    engine.flush()
    expect(shown).toHaveLength(4)
    expect(shown[3]).toMatchObject({
      triggerId: 't',
      title: 'Test trigger: 7 more',
      body: '7 more matches held back by the limit of 3 a minute.',
      urgency: 'normal',
      eventId: shown[0]!.eventId + 9,
      // The UI lists what was held back, not only the last of it (B17).
      kind: 'digest',
      heldBack: {
        eventIds: Array.from({ length: 7 }, (_, i) => shown[0]!.eventId + 3 + i),
        count: 7,
      },
    })
    expect(shown[0]!.kind).toBeUndefined()
    // A new minute starts with the next firing.
    expect(feed({ character_id: 'x' }, { character_id: 'y' })).toBe(2)
    vi.advanceTimersByTime(120_000)
    engine.flush()
    expect(shown).toHaveLength(6) // nothing held back: no digest
  })

  it("a digest lists the first 50 held-back matches' ids and counts them all", () => {
    use({ maxPerMinute: 1 })
    const many = Array.from({ length: 80 }, (_, i) => ({ character_id: String(i) }))
    expect(feed(...many)).toBe(1)
    vi.advanceTimersByTime(60_000)
    engine.flush()
    const digest = shown[1]!
    expect(digest.heldBack!.count).toBe(79)
    expect(digest.heldBack!.eventIds).toHaveLength(50)
    expect(digest.heldBack!.eventIds[0]).toBe(shown[0]!.eventId + 1)
    expect(digest.heldBack!.eventIds[49]).toBe(shown[0]!.eventId + 50)
  })

  it('quiet hours: suppressed inside the window, with a bypass for critical triggers', () => {
    use({ quietHours: [{ days: ['mon'], from: '22:00', to: '07:00' }] })
    expect(feed({})).toBe(1)
    vi.setSystemTime(new Date(2025, 0, 6, 23, 30))
    expect(feed({})).toBe(0)
    vi.setSystemTime(new Date(2025, 0, 7, 6, 59))
    expect(feed({})).toBe(0)
    vi.setSystemTime(new Date(2025, 0, 7, 7, 0))
    expect(feed({})).toBe(1)
    expect(counters().suppressed).toEqual({ 'quiet-hours': 2 })

    vi.setSystemTime(new Date(2025, 0, 6, 23, 30))
    use(
      { quietHours: [{ days: ['mon'], from: '22:00', to: '07:00' }] },
      { actions: [{ type: 'notify', title: 'Alarm', urgency: 'critical' }] },
    )
    expect(feed({})).toBe(1)
  })

  it('snooze: nothing fires until the snooze ends; a snooze keeps the other state', () => {
    use({ cooldown: { seconds: 3600 }, snoozeUntil: new Date(2025, 0, 6, 12, 30).toISOString() })
    expect(feed({})).toBe(0)
    expect(counters().suppressed).toEqual({ snoozed: 1 })
    vi.setSystemTime(new Date(2025, 0, 6, 12, 30))
    expect(feed({})).toBe(1)
    // Snoozing again does not reset the running cooldown.
    use({ cooldown: { seconds: 3600 }, snoozeUntil: null })
    expect(feed({})).toBe(0)
    expect(counters().suppressed).toEqual({ snoozed: 1, cooldown: 1 })
  })

  it('applies the rules in order: the first that holds names the reason', () => {
    use({
      cooldown: { seconds: 60 },
      dedupe: { seconds: 60 },
      quietHours: [{ from: '11:00', to: '13:00' }],
    })
    expect(feed({ a: '1' })).toBe(0)
    expect(counters().suppressed).toEqual({ 'quiet-hours': 1 })
  })
})

describe('single-shot mode', () => {
  beforeEach(() => vi.useFakeTimers({ now: MONDAY_NOON }))
  afterEach(() => vi.useRealTimers())

  it('fires once, then stays quiet until the trigger is edited', () => {
    const engine = new TriggerEngine()
    const shown: NotificationView[] = []
    engine.onDidNotify((n) => shown.push(n))
    const once = trigger({ mode: 'single-shot' })
    engine.setTriggers([once])
    for (let i = 0; i < 3; i++) engine.handle(censusEvent({}))
    engine.flush()
    expect(shown).toHaveLength(1)
    expect(engine.view('t')).toMatchObject({
      spent: true,
      counters: { fired: 1, suppressed: { 'single-shot-spent': 2 } },
    })
    // The same definition again (a snooze, a reload) keeps it spent...
    engine.setTriggers([once])
    expect(engine.view('t').spent).toBe(true)
    // ...an edit re-arms it.
    engine.setTriggers([{ ...once, name: 'Renamed' }])
    engine.handle(censusEvent({}))
    engine.flush()
    expect(shown).toHaveLength(2)
    engine.dispose()
  })
})
