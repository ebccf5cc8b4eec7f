import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fake } from '../test/fake-api'
import { deferred } from '../test/fixtures'
import { createMirror, pushFeed, snapshotPart, type MirrorOptions } from './mirror'

vi.mock('../api', async () => (await import('../test/fake-api')).fakeApi)

const api = fake.api

beforeEach(() => fake.reset())
afterEach(() => vi.restoreAllMocks())

/** A mirror of a list of ids: snapshots replace it, each `source:removed` push appends its id. */
function idsMirror(options: Partial<MirrorOptions<string[]>> = {}) {
  const state: { items: string[] } = { items: [] }
  const mirror = createMirror<string[]>({
    fetch: async () => {
      fake.log.push('call:fetch')
      return ['a']
    },
    applySnapshot: (snapshot) => {
      state.items = snapshot
    },
    feeds: () => [
      pushFeed(api.onSourceRemoved, ({ id }) => {
        state.items = [...state.items, id]
      }),
    ],
    ...options,
  })
  return { state, mirror }
}

describe('createMirror', () => {
  it('subscribes to every feed before it asks for the snapshot, then is loaded', async () => {
    const { state, mirror } = idsMirror()
    expect(mirror.loaded.value).toBe(false)
    await mirror.start()
    expect(fake.log.indexOf('on:source:removed')).toBeLessThan(fake.log.indexOf('call:fetch'))
    expect(fake.log.indexOf('on:reconnect')).toBeLessThan(fake.log.indexOf('call:fetch'))
    expect(state.items).toEqual(['a'])
    expect(mirror.loaded.value).toBe(true)
    expect(mirror.loadError.value).toBeNull()
  })

  it('starts once: a second start neither subscribes nor fetches again', async () => {
    const fetch = vi.fn(async () => ['a'])
    const onStart = vi.fn()
    const { mirror } = idsMirror({ fetch, onStart })
    await mirror.start()
    await mirror.start()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(onStart).toHaveBeenCalledTimes(1)
    expect(fake.log.filter((entry) => entry === 'on:source:removed')).toHaveLength(1)
  })

  it('applies pushes that arrive while the snapshot is out, then the snapshot that holds them', async () => {
    const answer = deferred<string[]>()
    const { state, mirror } = idsMirror({ fetch: () => answer.promise })
    const started = mirror.start()
    fake.push.sourceRemoved('x')
    expect(state.items).toEqual(['x'])
    answer.resolve(['a', 'x'])
    await started
    expect(state.items).toEqual(['a', 'x'])
  })

  it('with pushes that supersede, drops a snapshot asked for before a push', async () => {
    const answer = deferred<string[]>()
    const { state, mirror } = idsMirror({
      fetch: () => answer.promise,
      pushesDuringLoad: 'supersedes',
    })
    const started = mirror.start()
    fake.push.sourceRemoved('x')
    answer.resolve(['a'])
    await started
    expect(state.items).toEqual(['x'])
    expect(mirror.loaded.value).toBe(true)
  })

  it('applies only the answer to the latest request, whatever order the answers come in', async () => {
    const first = deferred<string[]>()
    const second = deferred<string[]>()
    const fetch = vi.fn().mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise)
    const { state, mirror } = idsMirror({ fetch })
    const started = mirror.start()
    const refreshed = mirror.refresh()
    second.resolve(['b'])
    await refreshed
    first.resolve(['a'])
    await started
    expect(state.items).toEqual(['b'])
  })

  it('re-snapshots after every reconnect and runs the caller’s reconnect work', async () => {
    const fetch = vi.fn(async () => ['a'])
    const onReconnect = vi.fn()
    const { mirror } = idsMirror({ fetch, onReconnect })
    await mirror.start()
    fake.push.reconnect()
    fake.push.reconnect()
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(3))
    expect(onReconnect).toHaveBeenCalledTimes(2)
  })

  it('keeps the state and says why when a snapshot fails, and clears the error on success', async () => {
    const fetch = vi
      .fn<() => Promise<string[]>>()
      .mockResolvedValueOnce(['a'])
      .mockRejectedValueOnce(new Error('engine gone'))
      .mockResolvedValueOnce(['c'])
    const onError = vi.fn()
    const { state, mirror } = idsMirror({ fetch, onError })
    await mirror.start()
    await mirror.refresh()
    expect(state.items).toEqual(['a'])
    expect(mirror.loadError.value).toBe('engine gone')
    expect(onError).toHaveBeenCalledWith(new Error('engine gone'))
    await mirror.refresh()
    expect(state.items).toEqual(['c'])
    expect(mirror.loadError.value).toBeNull()
  })

  it('a failure overtaken by a newer request reaches onError but not loadError', async () => {
    const first = deferred<string[]>()
    const fetch = vi.fn().mockReturnValueOnce(first.promise).mockResolvedValueOnce(['b'])
    const onError = vi.fn()
    const { state, mirror } = idsMirror({ fetch, onError })
    const started = mirror.start()
    await mirror.refresh()
    first.reject(new Error('late failure'))
    await started
    expect(onError).toHaveBeenCalledTimes(1)
    expect(mirror.loadError.value).toBeNull()
    expect(state.items).toEqual(['b'])
  })

  it('loads a snapshot in parts: each applies as it comes, and pushes between apply on top', async () => {
    const count = deferred<number>()
    let total = 0
    const { state, mirror } = idsMirror({
      more: () => [
        snapshotPart(
          () => count.promise,
          (answer) => (total = answer),
        ),
      ],
    })
    const started = mirror.start()
    await vi.waitFor(() => expect(state.items).toEqual(['a']))
    expect(mirror.loaded.value).toBe(false)
    fake.push.sourceRemoved('x')
    expect(state.items).toEqual(['a', 'x'])
    count.resolve(2)
    await started
    expect(total).toBe(2)
    expect(state.items).toEqual(['a', 'x'])
    expect(mirror.loaded.value).toBe(true)
  })

  it('drops the parts of a snapshot a newer request overtook', async () => {
    const first = deferred<number>()
    const second = deferred<number>()
    const part = vi.fn().mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise)
    const applied: number[] = []
    const { mirror } = idsMirror({
      more: () => [snapshotPart(part, (answer: number) => applied.push(answer))],
    })
    const started = mirror.start()
    await vi.waitFor(() => expect(part).toHaveBeenCalledTimes(1))
    const refreshed = mirror.refresh()
    await vi.waitFor(() => expect(part).toHaveBeenCalledTimes(2))
    first.resolve(1)
    await started
    expect(applied).toEqual([])
    second.resolve(2)
    await refreshed
    expect(applied).toEqual([2])
    expect(mirror.loaded.value).toBe(true)
  })

  it('counts the snapshots asked for, so an action can tell one came meanwhile', async () => {
    const { mirror } = idsMirror()
    expect(mirror.requested()).toBe(0)
    await mirror.start()
    expect(mirror.requested()).toBe(1)
    await mirror.refresh()
    expect(mirror.requested()).toBe(2)
  })
})
