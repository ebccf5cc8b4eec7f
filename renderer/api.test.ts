import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VigilBridge } from '../shared/bridge'
import type { Result } from '../shared/result'

type Writable = { api?: VigilBridge }

function installBridge(answer: Result<unknown> | Error): VigilBridge {
  const bridge: VigilBridge = {
    invoke: vi.fn(() =>
      answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer),
    ),
    on: vi.fn(() => () => {}),
    ready: vi.fn(),
  }
  ;(window as Writable).api = bridge
  return bridge
}

// api.ts picks its transport once per module instance, so each test loads a fresh one.
async function loadApi() {
  vi.resetModules()
  return import('./api')
}

afterEach(() => {
  delete (window as Writable).api
})

describe('api', () => {
  it('uses window.api under Electron and unwraps a successful Result', async () => {
    const bridge = installBridge({ ok: true, value: [] })
    const api = await loadApi()
    await expect(api.listSources()).resolves.toEqual([])
    await api.connectSource('demo')
    expect(bridge.invoke).toHaveBeenNthCalledWith(1, 'source:list', [])
    expect(bridge.invoke).toHaveBeenNthCalledWith(2, 'source:connect', ['demo'])
    expect(api.connectionStatus()).toBe('open')
  })

  it('throws an ApiError with the code and issues of a failed Result', async () => {
    const issues = [{ path: 'url', message: 'must be a ws:// or wss:// URL' }]
    installBridge({ ok: false, error: { code: 'invalid-argument', message: 'bad source', issues } })
    const api = await loadApi()
    const error = await api
      .saveSource({ id: 'x', name: 'X', preset: 'generic', url: 'http://x' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(api.ApiError)
    expect(error).toMatchObject({ code: 'invalid-argument', message: 'bad source', issues })
  })

  it('reports a failed link as an unavailable ApiError', async () => {
    installBridge(new Error('lost the connection to the engine before it answered'))
    const api = await loadApi()
    await expect(api.getConfig()).rejects.toMatchObject({
      name: 'ApiError',
      code: 'unavailable',
      message: 'lost the connection to the engine before it answered',
    })
  })

  it('subscribes through the bridge and tells it when the page is ready', async () => {
    const bridge = installBridge({ ok: true, value: null })
    const api = await loadApi()
    const listener = vi.fn()
    api.onEventBatch(listener)
    api.markReady()
    expect(bridge.on).toHaveBeenCalledWith('event:batch', expect.any(Function))
    expect(bridge.ready).toHaveBeenCalledOnce()
  })
})
