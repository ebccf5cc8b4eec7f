/**
 * How a preset's defaults layer under a source's own settings. The shipped presets use few of
 * them yet, so a stand-in preset with every default replaces the generic one here.
 */

import { describe, expect, it, vi } from 'vitest'
import type { SourceConfig } from '../../../shared/source-config'
import type * as Presets from '../presets'
import type { Preset } from '../presets'
import { resolveSettings } from './connection-settings'

const standIn: Preset = {
  id: 'generic',
  defaultEventTypePath: 'kind',
  createClassifier: ({ typeOf }) => ({
    classify: (frame, sink) => sink.event(typeOf(frame), frame),
  }),
  defaults: {
    authReply: (frame) =>
      (frame as { auth?: string }).auth === 'ok' ? { outcome: 'accepted' } : undefined,
    appPing: {
      message: { action: 'PING' },
      intervalMs: 5_000,
      expectReply: { path: 'PING', equals: 'PONG' },
    },
    silenceMs: 20_000,
    reconnect: { initialMs: 5_000, floorMs: 2_000 },
    pingIntervalMs: 55_000,
    heartbeatTimeoutMs: () => 60_000,
    onOpen: ({ source }) => [{ action: 'HELLO', from: source.id }],
    repeat: () => ({ intervalMs: 300_000, messages: [{ action: 'AGAIN' }] }),
    auth: () => ({
      settings: { type: 'message', template: 'LOGIN {{secret}}', secret: 'svc-token' },
      renderLogin: (secret) => `LOGIN ${secret} AT NOW`,
    }),
    ignoreBinaryFrames: true,
    explain: (facts) =>
      facts.kind === 'refused' ? { message: 'the id was rejected', kind: 'auth' } : undefined,
  },
}

vi.mock('../presets', async (importOriginal) => {
  const actual = await importOriginal<typeof Presets>()
  return { ...actual, presetFor: () => standIn }
})

const source: SourceConfig = {
  id: 'svc',
  name: 'Service',
  preset: 'generic',
  enabled: true,
  url: 'wss://svc.example/',
  headers: {},
  onOpen: ['SUBSCRIBE all'],
}

describe('preset defaults', () => {
  it('fill what the source leaves unset: login reply, app ping, silence, protocol messages first', () => {
    const resolved = resolveSettings({ ...source, auth: { type: 'message', template: 'LOGIN' } })
    expect(resolved.authReply!({ auth: 'ok' })).toEqual({ outcome: 'accepted' })
    expect(resolved.keepalive.app).toMatchObject({ text: '{"action":"PING"}', intervalMs: 5_000 })
    expect(resolved.keepalive.app!.isReply!({ PING: 'PONG' })).toBe(true)
    expect(resolved.silenceMs).toBe(20_000)
    expect(resolved.onOpen).toEqual(['{"action":"HELLO","from":"svc"}', 'SUBSCRIBE all'])
    expect(resolved.ownOnOpen).toEqual(['SUBSCRIBE all'])
    expect(resolved.keepalive.pingIntervalMs).toBe(55_000)
    expect(resolved.heartbeatTimeoutMs).toBe(60_000)
    expect(resolved.repeat).toEqual({ intervalMs: 300_000, texts: ['{"action":"AGAIN"}'] })
    expect(resolved.ignoreBinaryFrames).toBe(true)
    expect(resolved.explain({ kind: 'refused', status: 403 })).toMatchObject({ kind: 'auth' })
    expect(resolved.backoff).toEqual({ initialMs: 5_000, maxMs: 60_000, floorMs: 2_000 })
  })

  it("derive credentials from the preset's options when the source has no auth", () => {
    const resolved = resolveSettings(source)
    expect(resolved.auth).toEqual({
      type: 'message',
      template: 'LOGIN {{secret}}',
      secret: 'svc-token',
    })
    expect(resolved.renderLogin!('t0k3n')).toBe('LOGIN t0k3n AT NOW')
    const own = resolveSettings({ ...source, auth: { type: 'none' } })
    expect(own.auth).toEqual({ type: 'none' })
    expect(own.renderLogin).toBeNull()
  })

  it("give way to the source's own settings", () => {
    const resolved = resolveSettings({
      ...source,
      auth: { type: 'message', template: 'LOGIN', successWhen: { path: 'status', equals: 'in' } },
      keepalive: { app: null, pingIntervalMs: 0 },
      watchdog: { silenceMs: 0 },
    })
    expect(resolved.keepalive.pingIntervalMs).toBe(0)
    expect(resolved.authReply!({ auth: 'ok' })).toBeUndefined()
    expect(resolved.authReply!({ status: 'in' })).toEqual({ outcome: 'accepted' })
    expect(resolved.keepalive.app).toBeNull()
    expect(resolved.silenceMs).toBe(0)
  })

  it("give way to the source's reconnect settings: its first step, or a cap below the preset's", () => {
    const backoff = (reconnect: SourceConfig['reconnect']) =>
      resolveSettings({ ...source, reconnect }).backoff
    // A shorter first step asked for gets a floor that short; a longer one keeps the preset's.
    expect(backoff({ initialMs: 100 })).toEqual({ initialMs: 100, maxMs: 60_000, floorMs: 100 })
    expect(backoff({ initialMs: 10_000 })).toMatchObject({ initialMs: 10_000, floorMs: 2_000 })
    expect(backoff({ maxMs: 3_000 })).toEqual({ initialMs: 3_000, maxMs: 3_000, floorMs: 2_000 })
  })
})
