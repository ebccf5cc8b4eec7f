// The demo's loudness: its triggers over five minutes of the Census simulator's own stream at the
// demo's rate (5 events a second), on a manual clock, for several seeds. A new user should see
// the first notification within seconds and then about one a minute, never a flood.
import { describe, expect, it } from 'vitest'
import type { NotificationView } from '../../shared/domain'
import { CensusEventGenerator } from '../simulators/census/census-events'
import { mulberry32 } from '../simulators/random'
import { demoConfig, demoSource } from '../services/demo'
import { ManualClock } from '../services/testing/manual-clock'
import { TriggerEngine } from '../services/triggers/trigger-engine'

const RATE = 5
const MINUTES = 5

/** The notifications the demo's triggers send over `MINUTES` of the stream with `seed`. */
function demoNotifications(seed: number): NotificationView[] {
  const clock = new ManualClock()
  const engine = new TriggerEngine({ clock, schedule: (run) => run() })
  const shown: NotificationView[] = []
  engine.onDidNotify((notification) => shown.push(notification))
  engine.setTriggers(demoConfig().triggers)
  const subscribed = new Set((demoSource().options as { eventNames: string[] }).eventNames)
  const generator = new CensusEventGenerator({
    environment: 'ps2',
    random: mulberry32(seed),
    now: () => clock.now(),
  })
  let id = 1
  for (let tick = 0; tick < MINUTES * 60 * RATE; tick++) {
    clock.advance(1000 / RATE)
    const payload = generator.next()
    if (!payload || !subscribed.has(payload.event_name!)) continue
    engine.handle({
      id: id++,
      sourceId: demoSource().id,
      type: payload.event_name!,
      receivedAt: clock.now(),
      payload,
    })
  }
  engine.flush()
  engine.dispose()
  return shown
}

describe('the demo', () => {
  it('notifies within seconds, then about once a minute in total', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const shown = demoNotifications(seed)
      expect(shown.length).toBeGreaterThanOrEqual(3)
      expect(shown.length).toBeLessThanOrEqual(MINUTES + 1)
      expect(shown[0]!.firedAt - Date.UTC(2030, 0, 1)).toBeLessThan(30_000)
    }
  })
})
