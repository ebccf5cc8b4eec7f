import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fake } from '../test/fake-api'
import { triggerFake } from '../test/fake-trigger-api'
import { triggerView } from '../test/trigger-fixtures'
import { CATALOGUE_POLL_MS, useTriggersStore } from './triggers'

vi.mock('../api', async () => (await import('../test/fake-trigger-api')).fakeApi)

const api = triggerFake.api

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('triggers store', () => {
  it('subscribes first, then lists the triggers by name', async () => {
    api.listTriggers.mockImplementation(async () => {
      fake.log.push('call:listTriggers')
      return [triggerView({ id: 'b', name: 'Zulu' }), triggerView({ id: 'a', name: 'Alpha' })]
    })
    const store = useTriggersStore()
    await store.start()
    expect(fake.log.indexOf('on:trigger:changed')).toBeLessThan(
      fake.log.indexOf('call:listTriggers'),
    )
    expect(store.list.map((t) => t.id)).toEqual(['a', 'b'])
  })

  it("mirrors the engine's pushes: changed views and removed triggers", async () => {
    const store = useTriggersStore()
    api.listTriggers.mockResolvedValue([triggerView({ id: 'a' }), triggerView({ id: 'b' })])
    await store.start()
    expect(api.listTriggers).toHaveBeenCalledTimes(1)

    const counters = { evaluated: 9, matched: 3, fired: 2, suppressed: {}, lastFiredAt: 5 }
    triggerFake.push.triggersChanged([
      triggerView({ id: 'a', counters }),
      triggerView({ id: 'c', name: 'New elsewhere' }),
    ])
    expect(store.byId.get('a')?.counters.fired).toBe(2)
    triggerFake.push.triggerRemoved('b')
    expect([...store.byId.keys()].sort()).toEqual(['a', 'c'])
    expect(api.listTriggers).toHaveBeenCalledTimes(1) // no polling
  })

  it('fetches the field catalogue only while watched', async () => {
    vi.useFakeTimers()
    const store = useTriggersStore()
    await store.start()
    expect(api.getCatalogue).toHaveBeenCalledTimes(1)
    const stop = store.watchCatalogue()
    await vi.advanceTimersByTimeAsync(CATALOGUE_POLL_MS)
    expect(api.getCatalogue).toHaveBeenCalledTimes(2)
    stop()
    await vi.advanceTimersByTimeAsync(CATALOGUE_POLL_MS * 3)
    expect(api.getCatalogue).toHaveBeenCalledTimes(2)
  })

  it('applies what a switch or snooze call answers, and names the trigger in an error', async () => {
    api.listTriggers.mockResolvedValue([triggerView({ id: 'a', name: 'Alpha' })])
    const store = useTriggersStore()
    await store.start()

    api.setTriggerEnabled.mockResolvedValueOnce(
      triggerView({ id: 'a', name: 'Alpha', enabled: false }),
    )
    expect(await store.setEnabled('a', false)).toBe(true)
    expect(store.byId.get('a')?.enabled).toBe(false)

    api.snoozeTrigger.mockRejectedValueOnce(new Error('no such trigger'))
    expect(await store.snooze('a', 123)).toBe(false)
    expect(store.actionError).toBe('Alpha: no such trigger')

    expect(await store.remove('a')).toBe(true)
    expect(store.byId.has('a')).toBe(false)
  })
})
