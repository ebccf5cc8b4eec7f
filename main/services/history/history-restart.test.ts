import { describe, expect, it } from 'vitest'
import { FieldCatalogue } from '../catalogue/field-catalogue'
import { useHistoryFixture } from './testing/history-fixture'

const h = useHistoryFixture()

describe('History across a restart', () => {
  it('keeps events, notifications, firings, counters and the catalogue, and numbers on', async () => {
    const first = h.open()
    const catalogue = new FieldCatalogue()
    first.persistCatalogue(catalogue)
    for (let id = 1; id <= 5; id++) {
      const e = h.event(id)
      first.events.record(e)
      catalogue.observe(e)
    }
    const n = first.notifications.add({
      triggerId: 't1',
      eventId: 3,
      sourceId: 'ps2',
      title: 'Killed',
      body: 'by 5428003',
      urgency: 'normal',
      firedAt: h.clock.now(),
    })
    first.firings.record({ triggerId: 't1', eventId: 3, sourceId: 'ps2', at: 1, outcome: 'fired' })
    first.firings.record({
      triggerId: 't1',
      eventId: 4,
      sourceId: 'ps2',
      at: 2,
      outcome: 'suppressed',
      reason: 'cooldown',
    })
    const counters = {
      t1: { evaluated: 5, matched: 2, fired: 1, suppressed: { cooldown: 1 }, lastFiredAt: 1 },
    }
    first.counters.save(counters)
    await first.close()

    const second = h.open()
    const restored = new FieldCatalogue()
    second.persistCatalogue(restored)
    expect(second.lastEventId).toBe(5)
    expect((await second.search({})).events.map((e) => e.id)).toEqual([5, 4, 3, 2, 1])
    expect(second.notifications.list()).toEqual([{ ...n, read: false }])
    expect(second.notifications.add({ ...n, title: 'again' }).id).toBe(n.id + 1)
    expect(second.counters.load()).toEqual(counters)
    expect(
      h.query('SELECT trigger_id, event_id, outcome, reason FROM firings ORDER BY id'),
    ).toEqual([
      { trigger_id: 't1', event_id: 3, outcome: 'fired', reason: null },
      { trigger_id: 't1', event_id: 4, outcome: 'suppressed', reason: 'cooldown' },
    ])
    expect(restored.get()).toEqual(catalogue.get())
    expect(restored.get()[0]!.fields.map((f) => f.path)).toEqual(['character_id', 'world_id'])
  })

  it('deletes the catalogue rows of a forgotten source and of types pushed out', async () => {
    const first = h.open()
    const catalogue = new FieldCatalogue({ maxTypesPerSource: 2 })
    first.persistCatalogue(catalogue)
    catalogue.observe(h.event(1))
    catalogue.observe(h.event(2, { type: 'Login' }))
    catalogue.observe(h.event(3, { sourceId: 'replay-x' }))
    await first.flush()
    const rows = () => h.query('SELECT source_id, type FROM catalogue ORDER BY source_id, type')
    expect(rows()).toHaveLength(3)

    catalogue.forget('replay-x')
    h.clock.advance(1_000)
    catalogue.observe(h.event(4, { type: 'Logout' }))
    h.clock.advance(5_000)
    await first.flush()
    expect(rows()).toEqual([
      { source_id: 'ps2', type: 'Login' },
      { source_id: 'ps2', type: 'Logout' },
    ])
    await first.close()

    const restored = new FieldCatalogue()
    h.open().persistCatalogue(restored)
    expect(restored.get().map((e) => [e.sourceId, e.type])).toEqual([
      ['ps2', 'Login'],
      ['ps2', 'Logout'],
    ])
  })

  it('continues numbering after the last event even when retention removed them all', async () => {
    const first = h.open()
    first.events.record(h.event(41, { receivedAt: 0 }))
    await first.flush()
    await first.runRetention()
    expect(h.count('events')).toBe(0)
    await first.close()
    expect(h.open().lastEventId).toBe(41)
  })
})
