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
