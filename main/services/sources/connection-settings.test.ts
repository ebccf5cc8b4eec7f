import { describe, expect, it } from 'vitest'
import type { SourceConfig } from '../../../shared/source-config'
import { SOURCE_DEFAULTS } from '../../../shared/source-settings'
import { compareSettings, resolveSettings } from './connection-settings'

const base: SourceConfig = {
  id: 's',
  name: 'S',
  preset: 'generic',
  enabled: true,
  url: 'ws://127.0.0.1:1/',
  headers: {},
  onOpen: ['hello', { subscribe: ['a'] }],
}

describe('resolveSettings', () => {
  it('fills every unset key from SOURCE_DEFAULTS', () => {
    const resolved = resolveSettings(base)
    expect(resolved).toMatchObject({
      protocols: [],
      caFile: null,
      allowSelfSigned: false,
      maxPayloadBytes: 1024 * 1024,
      handshakeTimeoutMs: 10_000,
      perMessageDeflate: false,
      auth: { type: 'none' },
      authReply: null,
      onOpen: ['hello', '{"subscribe":["a"]}'],
      keepalive: { pingIntervalMs: 30_000, pongTimeoutMs: 10_000, app: null },
      backoff: { initialMs: 1_000, maxMs: 60_000, floorMs: 250 },
      stableAfterMs: 30_000,
      silenceMs: 0,
      deadChannelMs: 120_000,
    })
    expect(resolved.maxPayloadBytes).toBe(SOURCE_DEFAULTS.maxPayloadBytes)
  })

  it("takes the preset's defaults where the source is silent, and the source's where it speaks", () => {
    expect(resolveSettings({ ...base, preset: 'census' }).silenceMs).toBe(40_000)
    expect(
      resolveSettings({ ...base, preset: 'census', watchdog: { silenceMs: 0 } }).silenceMs,
    ).toBe(0)
  })

  it('renders the application ping and compiles its reply rule', () => {
    const { keepalive } = resolveSettings({
      ...base,
      keepalive: {
        app: {
          message: { action: 'PING' },
          intervalMs: 5_000,
          expectReply: { path: 'PING', equals: 'PONG' },
        },
      },
    })
    expect(keepalive.app?.text).toBe('{"action":"PING"}')
    expect(keepalive.app?.isReply?.({ PING: 'PONG' })).toBe(true)
    expect(resolveSettings({ ...base, keepalive: { app: null } }).keepalive.app).toBeNull()
  })

  it('reads login replies by the source rules; a failure rule alone accepts anything else', () => {
    const message = { type: 'message' as const, template: 'LOGIN' }
    expect(resolveSettings({ ...base, auth: message }).authReply).toBeNull()
    const failureOnly = resolveSettings({
      ...base,
      auth: { ...message, failureWhen: { path: 'error' } },
    })
    expect(failureOnly.authReply!({ error: 'no' })).toMatchObject({ outcome: 'rejected' })
    expect(failureOnly.authReply!({ hello: 1 })).toEqual({ outcome: 'accepted' })
    expect(resolveSettings({ ...base, auth: message }).authTimeoutMs).toBe(10_000)
    expect(resolveSettings({ ...base, auth: { ...message, timeoutMs: 2_000 } }).authTimeoutMs).toBe(
      2_000,
    )
  })

  it('keeps the backoff floor no higher than the first step', () => {
    expect(resolveSettings({ ...base, reconnect: { initialMs: 50 } }).backoff).toEqual({
      initialMs: 50,
      maxMs: 60_000,
      floorMs: 50,
    })
  })
})

describe('compareSettings', () => {
  it('tells connection changes from on-open and timing changes', () => {
    expect(compareSettings(base, { ...base, name: 'Renamed', eventTypePath: 'kind' })).toEqual({
      connection: false,
      options: false,
      onOpen: false,
      timing: false,
    })
    expect(compareSettings(base, { ...base, url: 'ws://127.0.0.1:2/' }).connection).toBe(true)
    expect(compareSettings(base, { ...base, headers: { A: '1' } }).connection).toBe(true)
    expect(compareSettings(base, { ...base, auth: { type: 'none' } }).connection).toBe(true)
    expect(compareSettings(base, { ...base, onOpen: [] })).toEqual({
      connection: false,
      options: false,
      onOpen: true,
      timing: false,
    })
    expect(compareSettings(base, { ...base, options: { eventWhen: { path: 'data' } } })).toEqual({
      connection: false,
      options: true,
      onOpen: false,
      timing: false,
    })
    expect(compareSettings(base, { ...base, watchdog: { silenceMs: 5_000 } }).timing).toBe(true)
  })

  it('ignores the order keys were written in', () => {
    const before: SourceConfig = {
      ...base,
      headers: { A: '1', B: '2' },
      auth: { type: 'header', name: 'X-Token', scheme: 'raw', secret: 't' },
      options: { errorWhen: { path: 'error', equals: 'yes' } },
      keepalive: { pingIntervalMs: 5_000, pongTimeoutMs: 1_000 },
    }
    const reordered: SourceConfig = {
      ...base,
      keepalive: { pongTimeoutMs: 1_000, pingIntervalMs: 5_000 },
      options: { errorWhen: { equals: 'yes', path: 'error' } },
      auth: { secret: 't', scheme: 'raw', name: 'X-Token', type: 'header' },
      headers: { B: '2', A: '1' },
    }
    expect(compareSettings(before, reordered)).toEqual({
      connection: false,
      options: false,
      onOpen: false,
      timing: false,
    })
    expect(compareSettings(before, { ...reordered, headers: { B: '2', A: '3' } }).connection).toBe(
      true,
    )
  })

  it('compares options as the preset reads them, defaults filled', () => {
    const census: SourceConfig = { ...base, preset: 'census', options: { eventNames: ['Death'] } }
    const spelledOut: SourceConfig = {
      ...census,
      options: { dedupeWindowMs: 5_000, eventNames: ['Death'], worlds: ['all'] },
    }
    expect(compareSettings(census, spelledOut).options).toBe(false)
    expect(compareSettings({ ...base, preset: 'census' }, { ...census, options: {} }).options).toBe(
      false,
    )
    expect(
      compareSettings(census, { ...census, options: { eventNames: ['Death'], worlds: ['1'] } })
        .options,
    ).toBe(true)
  })
})
