import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SourceStats, SourceView } from '../../shared/domain'
import { fake } from '../test/fake-api'
import { configSchema } from '../../shared/config'
import { ApiError } from '../api-error'
import { batch, deferred, sourceView } from '../test/fixtures'
import { useSourcesStore } from './sources'

vi.mock('../api', async () => (await import('../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

afterEach(() => {
  vi.useRealTimers()
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

  it('keeps a minute of events per second per source, from snapshots and batch stats', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(100_000)
    fake.api.listSources.mockResolvedValue([sourceView({ id: 'a', eventsPerSecond: 3 })])
    const store = useSourcesStore()
    await store.start()
    expect(store.rateHistory.get('a')).toEqual([{ second: 100, rate: 3 }])

    vi.setSystemTime(101_200)
    fake.push.eventBatch(batch([], { stats: [stats('a', 10, { eventsPerSecond: 3 })] }))
    const unchanged = store.rateHistory
    vi.setSystemTime(102_100)
    fake.push.eventBatch(batch([], { stats: [stats('a', 20, { eventsPerSecond: 8 })] }))
    expect(store.rateHistory).not.toBe(unchanged)
    expect(store.rateHistory.get('a')).toEqual([
      { second: 100, rate: 3 },
      { second: 102, rate: 8 },
    ])

    fake.push.sourceRemoved('a')
    expect(store.rateHistory.has('a')).toBe(false)
  })

  it('stores a new secret before it saves the source that names it', async () => {
    const store = useSourcesStore()
    await store.start()
    const order: string[] = []
    fake.api.setSecret.mockImplementation(async (ref: string) => {
      order.push(`secret:${ref}`)
      return null
    })
    fake.api.saveSource.mockImplementation(async () => {
      order.push('save')
      return sourceView({ id: 'faces' })
    })
    const source = {
      id: 'faces',
      name: 'Faces',
      preset: 'generic' as const,
      url: 'wss://x.example',
      auth: { type: 'query' as const, param: 'token', secret: 'faces-secret' },
    }

    const view = await store.save(source, [{ ref: 'faces-secret', value: 's3cret-value' }])

    expect(order).toEqual(['secret:faces-secret', 'save'])
    expect(fake.api.setSecret).toHaveBeenCalledWith('faces-secret', 's3cret-value')
    expect(JSON.stringify(fake.api.saveSource.mock.calls)).not.toContain('s3cret-value')
    expect(view.id).toBe('faces')
    expect(store.byId.has('faces')).toBe(true)
    expect(store.secretRefs.has('faces-secret')).toBe(true)
  })

  it('reports a secret that could not be stored at the secret field, and saves nothing', async () => {
    const store = useSourcesStore()
    fake.api.setSecret.mockRejectedValueOnce(
      new ApiError('unavailable', 'no keyring to store secrets in'),
    )
    const error = await store
      .save({ id: 'a', name: 'A', preset: 'generic', url: 'ws://x' }, [{ ref: 'r', value: 'v' }])
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).issues).toEqual([
      {
        path: 'auth.secret',
        message: 'could not store the secret: no keyring to store secrets in',
      },
    ])
    expect(fake.api.saveSource).not.toHaveBeenCalled()

    // A header's secret is reported at that header.
    fake.api.setSecret.mockRejectedValueOnce(new ApiError('unavailable', 'no keyring'))
    const headerError = await store
      .save(
        {
          id: 'a',
          name: 'A',
          preset: 'generic',
          url: 'ws://x',
          headers: { 'X-Api-Key': '{{secret.a-x-api-key}}' },
        },
        [{ ref: 'a-x-api-key', value: 'v' }],
      )
      .catch((caught: unknown) => caught)
    expect((headerError as ApiError).issues[0]?.path).toBe('headers.X-Api-Key')
  })

  it('reads one source from the config, and removes sources', async () => {
    fake.api.getConfig.mockResolvedValue(
      configSchema.parse({
        version: 1,
        sources: [{ id: 'a', name: 'A', preset: 'generic', url: 'ws://127.0.0.1:1/' }],
      }),
    )
    fake.api.listSources.mockResolvedValue([sourceView({ id: 'a' })])
    const store = useSourcesStore()
    await store.start()
    expect(await store.loadConfig('a')).toMatchObject({ id: 'a', url: 'ws://127.0.0.1:1/' })
    expect(await store.loadConfig('zz')).toBeNull()

    await store.removeSource('a')
    expect(fake.api.removeSource).toHaveBeenCalledWith('a')
    expect(store.byId.has('a')).toBe(false)
  })
})
