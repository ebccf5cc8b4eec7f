import { vi } from 'vitest'
import type { EventBatch, SourceView, VigilEvent } from '../../shared/domain'

type Listener<T> = (value: T) => void

/**
 * A stand-in for renderer/api.ts. Tests install it with
 * `vi.mock('../api', async () => (await import('../test/fake-api')).fakeApi)` and play the engine
 * through `push`. `log` records subscriptions and calls in order, to check subscribe-first.
 */
function createFakeApi() {
  const log: string[] = []
  const listeners = {
    sourceChanged: new Set<Listener<SourceView>>(),
    sourceRemoved: new Set<Listener<{ id: string }>>(),
    eventBatch: new Set<Listener<EventBatch>>(),
    reconnect: new Set<Listener<void>>(),
  }

  function subscriber<T>(name: string, set: Set<Listener<T>>) {
    return (listener: Listener<T>) => {
      log.push(`on:${name}`)
      set.add(listener)
      return () => set.delete(listener)
    }
  }

  const api = {
    listSources: vi.fn(async (): Promise<SourceView[]> => []),
    recentEvents: vi.fn(async (): Promise<VigilEvent[]> => []),
    connectSource: vi.fn(async (id: string): Promise<SourceView> => {
      throw new Error(`connect ${id} not stubbed`)
    }),
    disconnectSource: vi.fn(async (id: string): Promise<SourceView> => {
      throw new Error(`disconnect ${id} not stubbed`)
    }),
    getAppInfo: vi.fn(),
    connectionStatus: vi.fn(() => 'open' as const),
    onConnectionChange: vi.fn(() => () => {}),
    onSourceChanged: subscriber('source:changed', listeners.sourceChanged),
    onSourceRemoved: subscriber('source:removed', listeners.sourceRemoved),
    onEventBatch: subscriber('event:batch', listeners.eventBatch),
    onReconnect: subscriber('reconnect', listeners.reconnect),
    markReady: vi.fn(),
  }

  const push = {
    sourceChanged: (view: SourceView) => listeners.sourceChanged.forEach((l) => l(view)),
    sourceRemoved: (id: string) => listeners.sourceRemoved.forEach((l) => l({ id })),
    eventBatch: (batch: EventBatch) => listeners.eventBatch.forEach((l) => l(batch)),
    reconnect: () => listeners.reconnect.forEach((l) => l()),
  }

  function reset(): void {
    log.length = 0
    for (const set of Object.values(listeners)) set.clear()
    api.listSources.mockReset()
    api.listSources.mockImplementation(async () => {
      log.push('call:listSources')
      return []
    })
    api.recentEvents.mockReset()
    api.recentEvents.mockImplementation(async () => {
      log.push('call:recentEvents')
      return []
    })
    api.connectSource.mockClear()
    api.disconnectSource.mockClear()
  }

  reset()
  return { api, push, log, reset }
}

export const fake = createFakeApi()
export const fakeApi = fake.api
