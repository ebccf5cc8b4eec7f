import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SourceStats, SourceView } from '../../shared/domain'
import { fake } from '../test/fake-api'
import { batch, deferred, sourceView } from '../test/fixtures'
import { useSourcesStore } from './sources'

vi.mock('../api', async () => (await import('../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

const stats = (id: string, events: number, overrides: Partial<SourceStats> = {}): SourceStats => ({
  id,
  counters: { ...sourceView().counters, events },
  lastEventAt: 1_700_000_000_000,
  lastError: null,
  eventsPerSecond: 12.5,
  ...overrides,
})

describe('sources store', () => {
  it('subscribes to every push before it asks for the snapshot', async () => {
    await useSourcesStore().start()
    const firstCall = fake.log.indexOf('call:listSources')
    expect(firstCall).toBeGreaterThan(-1)
    for (const channel of ['source:changed', 'source:removed', 'event:batch', 'reconnect']) {
      const index = fake.log.indexOf(`on:${channel}`)
      expect(index).toBeGreaterThan(-1)
      expect(index).toBeLessThan(firstCall)
    }
  })

  it('starts once, however often start() is called', async () => {
    const store = useSourcesStore()
    await Promise.all([store.start(), store.start()])
    expect(fake.api.listSources).toHaveBeenCalledTimes(1)
  })

  it('loads the snapshot into a map by id and lists it by name', async () => {
    fake.api.listSources.mockResolvedValue([
      sourceView({ id: 'b', name: 'Zeta' }),
      sourceView({ id: 'a', name: 'Alpha' }),
    ])
    const store = useSourcesStore()
    expect(store.loaded).toBe(false)
    await store.start()
    expect(store.loaded).toBe(true)
    expect(store.byId.get('b')?.name).toBe('Zeta')
    expect(store.list.map((view) => view.id)).toEqual(['a', 'b'])
  })

  it('applies source:changed as a whole view and source:removed', async () => {
    fake.api.listSources.mockResolvedValue([sourceView({ id: 'a' })])
    const store = useSourcesStore()
    await store.start()

    fake.push.sourceChanged(
      sourceView({ id: 'a', state: 'reconnecting', attempt: 2, nextRetryAt: 5 }),
    )
    fake.push.sourceChanged(sourceView({ id: 'c', name: 'New' }))
    expect(store.byId.get('a')).toMatchObject({ state: 'reconnecting', attempt: 2, nextRetryAt: 5 })
    expect(store.byId.has('c')).toBe(true)

    fake.push.sourceRemoved('a')
    expect(store.byId.has('a')).toBe(false)
    expect(store.list).toHaveLength(1)
  })

  it('applies the stats of each event batch, leaving other sources untouched', async () => {
    fake.api.listSources.mockResolvedValue([sourceView({ id: 'a' }), sourceView({ id: 'b' })])
    const store = useSourcesStore()
    await store.start()
    const before = store.byId.get('b')
    const error = { kind: 'malformed-frame' as const, message: 'not JSON', at: 3 }

    fake.push.eventBatch(
      batch([], { stats: [stats('a', 42, { lastError: error }), stats('ghost', 1)] }),
    )

    expect(store.byId.get('a')).toMatchObject({
      state: 'open',
      counters: { events: 42 },
      lastEventAt: 1_700_000_000_000,
      lastError: error,
      eventsPerSecond: 12.5,
    })
    // Unchanged rows keep their identity, so they do not re-render.
    expect(store.byId.get('b')).toBe(before)
    expect(store.byId.has('ghost')).toBe(false)
  })

  it('takes the snapshot over pushes that raced it, and keeps pushes that follow it', async () => {
    const snapshot = deferred<SourceView[]>()
    fake.api.listSources.mockReturnValue(snapshot.promise)
    const store = useSourcesStore()
    const started = store.start()

    fake.push.sourceChanged(sourceView({ id: 'a', state: 'connecting' }))
    snapshot.resolve([sourceView({ id: 'a', state: 'open' })])
    await started
    expect(store.byId.get('a')?.state).toBe('open')

    fake.push.sourceChanged(sourceView({ id: 'a', state: 'stale' }))
    expect(store.byId.get('a')?.state).toBe('stale')
  })

  it('fetches a fresh snapshot after the bridge reconnects', async () => {
    fake.api.listSources.mockResolvedValue([sourceView({ id: 'a' })])
    const store = useSourcesStore()
    await store.start()

    fake.api.listSources.mockResolvedValue([sourceView({ id: 'b' })])
    fake.push.reconnect()
    await vi.waitFor(() => expect(store.byId.has('b')).toBe(true))
    expect(store.byId.has('a')).toBe(false)
  })

  it('applies the view a connect call returns and reports a failure by source name', async () => {
    fake.api.listSources.mockResolvedValue([sourceView({ id: 'a', name: 'Alpha', state: 'idle' })])
    const store = useSourcesStore()
    await store.start()

    fake.api.connectSource.mockResolvedValueOnce(
      sourceView({ id: 'a', name: 'Alpha', state: 'connecting' }),
    )
    const pending = store.connect('a')
    expect(store.busy.has('a')).toBe(true)
    await pending
    expect(store.busy.has('a')).toBe(false)
    expect(store.byId.get('a')?.state).toBe('connecting')

    fake.api.disconnectSource.mockRejectedValueOnce(new Error('the engine is shutting down'))
    await store.disconnect('a')
    expect(store.actionError).toBe('Alpha: the engine is shutting down')
  })

  it('keeps the load error when the first snapshot fails', async () => {
    fake.api.listSources.mockRejectedValue(new Error('lost the connection'))
    const store = useSourcesStore()
    await store.start()
    expect(store.loaded).toBe(false)
    expect(store.loadError).toBe('lost the connection')
  })
})
