import { describe, expect, it, vi } from 'vitest'
import { VigilError } from '../../../shared/result'
import { dispatchInvoke } from './dispatch'
import type { InvokeHandlers } from './invoke-handlers'

function handlers(overrides: Partial<InvokeHandlers> = {}): InvokeHandlers {
  const unused = () => {
    throw new Error('not used in this test')
  }
  return new Proxy(overrides as InvokeHandlers, {
    get: (target, key) => (target as never)[key] ?? unused,
  })
}

describe('dispatchInvoke', () => {
  it('refuses channels that are not in the contract, including prototype names', async () => {
    for (const channel of ['nope', '__proto__', 'constructor', 42, null]) {
      const result = await dispatchInvoke(handlers(), channel, [])
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
    }
  })

  it('refuses arguments that do not match the schema, listing each problem', async () => {
    const save = vi.fn()
    const result = await dispatchInvoke(handlers({ 'source:save': save }), 'source:save', [
      { id: 'X Y', url: 'http://x' },
    ])
    expect(save).not.toHaveBeenCalled()
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid-argument')
    expect(result.error.issues!.map((i) => i.path)).toEqual(
      expect.arrayContaining(['id', 'url', 'name', 'preset']),
    )
    expect(await dispatchInvoke(handlers(), 'source:list', 'not-an-array')).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    })
    expect(await dispatchInvoke(handlers(), 'source:list', [1])).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    })
  })

  it('refuses arguments nested too deep, or reaching one object over and over, before any schema runs', async () => {
    const backtest = vi.fn()
    let body: unknown = 1
    for (let depth = 0; depth < 100_000; depth++) body = [body]
    const draft = {
      name: 'x',
      actions: [{ type: 'webhook', url: 'http://127.0.0.1:9/', body }],
    }
    const deep = await dispatchInvoke(
      handlers({ 'trigger:backtest': backtest }),
      'trigger:backtest',
      [draft, 10],
    )
    expect(deep).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    if (!deep.ok) expect(deep.error.message).toContain('nested more than 64 levels deep')

    // Structured clone (Electron IPC) keeps shared references: 40 levels of 10 references each
    // would be 10^40 values to a schema walking it.
    let shared: unknown[] = []
    for (let depth = 0; depth < 40; depth++) shared = Array.from({ length: 10 }, () => shared)
    const wide = await dispatchInvoke(handlers(), 'trigger:backtest', [
      { name: 'x', body: shared },
      10,
    ])
    expect(wide).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    if (!wide.ok) expect(wide.error.message).toContain('more than 1000000 values')
    expect(backtest).not.toHaveBeenCalled()
  })

  it('passes validated arguments with defaults filled, and wraps the answer', async () => {
    const recent = vi.fn(() => [])
    expect(
      await dispatchInvoke(handlers({ 'event:recent': recent }), 'event:recent', [{ limit: 5 }]),
    ).toEqual({ ok: true, value: [] })
    expect(recent).toHaveBeenCalledWith({ limit: 5 })
  })

  it('keeps a deliberate error code and hides nothing but the stack of an unexpected one', async () => {
    const missing = await dispatchInvoke(
      handlers({
        'source:connect': () => {
          throw new VigilError('not-found', 'no source with id "x"')
        },
      }),
      'source:connect',
      ['x'],
    )
    expect(missing).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no source with id "x"' },
    })
    const broken = await dispatchInvoke(
      handlers({
        'source:list': () => {
          throw new TypeError('boom')
        },
      }),
      'source:list',
      [],
    )
    expect(broken).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } })
  })
})
