import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fake } from '../test/fake-api'
import { triggerFake } from '../test/fake-trigger-api'
import { notificationView, triggerView } from '../test/trigger-fixtures'
import { COUNTER_POLL_MS, useTriggersStore } from './triggers'

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
    expect(fake.log.indexOf('on:notification:fired')).toBeLessThan(
      fake.log.indexOf('call:listTriggers'),
    )
    expect(store.list.map((t) => t.id)).toEqual(['a', 'b'])
  })

  it('polls counters only while watched, and keeps unchanged rows identical', async () => {
    vi.useFakeTimers()
    const store = useTriggersStore()
    api.listTriggers.mockResolvedValue([triggerView({ id: 'a' })])
    await store.start()
    const before = store.byId.get('a')

    const stop = store.watchCounters()
    await vi.advanceTimersByTimeAsync(COUNTER_POLL_MS)
    expect(api.listTriggers).toHaveBeenCalledTimes(2)
    expect(store.byId.get('a')).toBe(before)

    const counters = { evaluated: 9, matched: 3, fired: 2, suppressed: {}, lastFiredAt: 5 }
    api.listTriggers.mockResolvedValue([triggerView({ id: 'a', counters })])
    await vi.advanceTimersByTimeAsync(COUNTER_POLL_MS)
    expect(store.byId.get('a')?.counters.fired).toBe(2)

    stop()
    await vi.advanceTimersByTimeAsync(COUNTER_POLL_MS * 3)
    expect(api.listTriggers).toHaveBeenCalledTimes(3)
  })

  it('refreshes once after a burst of firings', async () => {
    vi.useFakeTimers()
    const store = useTriggersStore()
    await store.start()
    for (let i = 1; i <= 5; i++) triggerFake.push.notificationFired(notificationView(i))
    await vi.advanceTimersByTimeAsync(1_000)
    expect(api.listTriggers).toHaveBeenCalledTimes(2)
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
