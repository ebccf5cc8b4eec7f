import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import { FieldCatalogue } from './field-catalogue'

let nextId = 1
function event(payload: unknown, extra: Partial<VigilEvent> = {}): VigilEvent {
  return { id: nextId++, sourceId: 'pi', type: 'value', receivedAt: 1_000, payload, ...extra }
}

describe('FieldCatalogue', () => {
  it('learns paths (arrays as *), value types and samples, counting a path once per event', () => {
    const catalogue = new FieldCatalogue()
    catalogue.observe(
      event({
        Items: [
          { Name: 'Water', Value: 2.3, Good: true },
          { Name: 'Steam', Value: { Name: 'Active', Value: 1 }, Good: 'true' },
        ],
        'odd.key': null,
      }),
    )
    catalogue.observe(event({ Items: [] }, { receivedAt: 2_000 }))
    const [entry] = catalogue.get()
    expect(entry).toMatchObject({ sourceId: 'pi', type: 'value', events: 2, sampled: 2 })
    expect(entry!.fields).toEqual([
      {
        path: 'Items',
        types: ['array'],
        samples: [],
        seen: 2,
        firstSeenAt: 1_000,
        lastSeenAt: 2_000,
      },
      expect.objectContaining({ path: 'Items.*', types: ['object'], seen: 1 }),
      expect.objectContaining({
        path: 'Items.*.Good',
        types: ['string', 'boolean'],
        samples: [true, 'true'],
      }),
      expect.objectContaining({ path: 'Items.*.Name', samples: ['Water', 'Steam'], seen: 1 }),
      expect.objectContaining({
        path: 'Items.*.Value',
        types: ['number', 'object'],
        samples: [2.3],
      }),
      expect.objectContaining({ path: 'Items.*.Value.Name', samples: ['Active'] }),
      expect.objectContaining({ path: 'Items.*.Value.Value', types: ['number'] }),
      expect.objectContaining({
        path: '["odd.key"]',
        types: ['null'],
        samples: [null],
        lastSeenAt: 1_000,
      }),
    ])
  })

  it('walks every event of a new type, then only a few a second', () => {
    const catalogue = new FieldCatalogue({ fullWalks: 3, walksPerSecond: 2 })
    // 20 events over one second: learning walks at 0, 50 and 100 ms, then one 500 ms later.
    for (let i = 0; i < 20; i++) {
      catalogue.observe(
        event({ n: String(i), ...(i === 10 ? { rare: 'x' } : {}) }, { receivedAt: i * 50 }),
      )
    }
    const [entry] = catalogue.get()
    expect(entry!.events).toBe(20)
    expect(entry!.sampled).toBe(4)
    expect(entry!.lastSeenAt).toBe(950)
    expect(entry!.fields.find((f) => f.path === 'n')).toMatchObject({ seen: 4, lastSeenAt: 600 })
    expect(entry!.fields.find((f) => f.path === 'rare')).toBeUndefined()
  })

  it('keeps within its bounds', () => {
    const catalogue = new FieldCatalogue({
      maxPathsPerType: 3,
      maxSamples: 2,
      maxSampleChars: 4,
    })
    catalogue.observe(event({ a: 'abcdefgh', b: '1', c: '2', d: '3' }))
    catalogue.observe(event({ a: 'x' }))
    catalogue.observe(event({ a: 'y' }))
    const value = catalogue.get()[0]!
    expect(value.truncated).toBe(true)
    expect(value.fields.map((f) => f.path)).toEqual(['a', 'b', 'c'])
    expect(value.fields[0]!.samples).toEqual(['abcd…', 'x'])
  })

  it('makes room for a new type by dropping the one seen longest ago', () => {
    const catalogue = new FieldCatalogue({ maxTypesPerSource: 2 })
    catalogue.observe(event({ a: 1 }, { type: 'first', receivedAt: 1_000 }))
    catalogue.observe(event({ b: 1 }, { type: 'second', receivedAt: 2_000 }))
    catalogue.observe(event({ a: 2 }, { type: 'first', receivedAt: 3_000 }))
    catalogue.observe(event({ c: 1 }, { type: 'third', receivedAt: 4_000 }))
    catalogue.observe(event({ d: 1 }, { sourceId: 'other', type: 'fourth', receivedAt: 5_000 }))
    expect(catalogue.get().map((e) => [e.sourceId, e.type])).toEqual([
      ['other', 'fourth'],
      ['pi', 'first'],
      ['pi', 'third'],
    ])
    // Types keep coming: each new one still gets in.
    catalogue.observe(event({ e: 1 }, { type: 'fifth', receivedAt: 6_000 }))
    expect(catalogue.get({ source: 'pi' }).map((e) => e.type)).toEqual(['fifth', 'third'])
  })

  it('shortens long types to what a trigger can name', () => {
    const catalogue = new FieldCatalogue({ maxTypeChars: 8 })
    catalogue.observe(event({ a: 1 }, { type: 'x'.repeat(300) }))
    catalogue.observe(event({ b: 1 }, { type: 'x'.repeat(20) }))
    catalogue.observe(event({ c: 1 }, { type: 'exactly8' }))
    const entries = catalogue.get()
    expect(entries.map((e) => e.type)).toEqual(['exactly8', 'xxxxxxx…'])
    expect(entries[1]!.events).toBe(2)
    const byDefault = new FieldCatalogue()
    byDefault.observe(event({}, { type: 'y'.repeat(10_000) }))
    expect(byDefault.get()[0]!.type).toHaveLength(200)
  })

  it('forgets a source: its entries, its pending changes, and its saved rows once drained', () => {
    const catalogue = new FieldCatalogue()
    catalogue.observe(event({ a: 1 }))
    catalogue.observe(event({ b: 1 }, { sourceId: 'other', type: 'x' }))
    catalogue.forget('pi')
    expect(catalogue.get().map((e) => e.sourceId)).toEqual(['other'])
    expect(catalogue.sourceIds()).toEqual(['other'])
    expect(catalogue.drainRemovals()).toEqual({ sources: ['pi'], types: [] })
    expect(catalogue.drainDirty().map((e) => e.sourceId)).toEqual(['other'])
    expect(catalogue.drainRemovals()).toEqual({ sources: [], types: [] })
    // A source added again under the same id starts afresh.
    catalogue.observe(event({ c: 1 }))
    expect(catalogue.get({ source: 'pi' })[0]!.fields.map((f) => f.path)).toEqual(['c'])
  })

  it('starts afresh on a source forgotten right after its last event', () => {
    const catalogue = new FieldCatalogue()
    catalogue.observe(event({ a: 1 }))
    catalogue.forget('pi')
    catalogue.observe(event({ c: 1 }))
    expect(catalogue.sourceIds()).toEqual(['pi'])
    expect(catalogue.get()).toMatchObject([{ sourceId: 'pi', events: 1, fields: [{ path: 'c' }] }])
  })

  it('asks persistence to delete the rows of types it dropped, and only of saved ones', () => {
    const catalogue = new FieldCatalogue({ maxTypesPerSource: 1 })
    catalogue.observe(event({}, { type: 'saved', receivedAt: 1 }))
    catalogue.drainDirty()
    catalogue.observe(event({}, { type: 'unsaved', receivedAt: 2 }))
    catalogue.observe(event({}, { type: 'kept', receivedAt: 3 }))
    expect(catalogue.drainRemovals()).toEqual({
      sources: [],
      types: [{ sourceId: 'pi', type: 'saved' }],
    })
    expect(catalogue.drainDirty().map((e) => e.type)).toEqual(['kept'])
  })

  it('filters by source and type, and hands out what changed once', () => {
    const catalogue = new FieldCatalogue()
    catalogue.observe(event({ a: 1 }))
    catalogue.observe(event({ b: 1 }, { sourceId: 'other', type: 'x' }))
    expect(catalogue.get({ source: 'other' }).map((e) => e.type)).toEqual(['x'])
    expect(catalogue.get({ type: 'value' }).map((e) => e.sourceId)).toEqual(['pi'])
    expect(catalogue.drainDirty()).toHaveLength(2)
    expect(catalogue.drainDirty()).toEqual([])
    catalogue.observe(event({ a: 2 }))
    expect(catalogue.drainDirty().map((e) => e.type)).toEqual(['value'])
  })

  it('restores saved entries and goes on counting from them', () => {
    const first = new FieldCatalogue()
    first.observe(event({ a: 'one' }))
    const second = new FieldCatalogue()
    second.restore(first.get())
    expect(second.get()).toEqual(first.get())
    second.observe(event({ a: 'two' }, { receivedAt: 5_000 }))
    expect(second.get()[0]).toMatchObject({ events: 2, lastSeenAt: 5_000 })
    expect(second.get()[0]!.fields[0]).toMatchObject({ seen: 2, samples: ['one', 'two'] })
  })

  it('restores the types seen last when more were saved than fit, and drops the rest', () => {
    const first = new FieldCatalogue()
    for (let at = 1; at <= 4; at++) first.observe(event({}, { type: `t${at}`, receivedAt: at }))
    first.observe(event({}, { type: 'L'.repeat(20), receivedAt: 5 }))
    const second = new FieldCatalogue({ maxTypesPerSource: 3, maxTypeChars: 10 })
    second.restore(first.get())
    expect(second.get().map((e) => e.type)).toEqual(['LLLLLLLLL…', 't3', 't4'])
    expect(second.drainRemovals().types.map((row) => row.type)).toEqual([
      'L'.repeat(20),
      't2',
      't1',
    ])
    // The shortened type is saved under its new name.
    expect(second.drainDirty().map((e) => e.type)).toEqual(['LLLLLLLLL…'])
  })
})
