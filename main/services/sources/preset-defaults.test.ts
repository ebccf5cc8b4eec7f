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
  label: 'Stand-in',
  defaultEventTypePath: 'kind',
  createClassifier: (_source, typeOf) => ({
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
    onOpen: (source) => [{ action: 'HELLO', from: source.id }],
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
  })

  it("give way to the source's own settings", () => {
    const resolved = resolveSettings({
      ...source,
      auth: { type: 'message', template: 'LOGIN', successWhen: { path: 'status', equals: 'in' } },
      keepalive: { app: null },
      watchdog: { silenceMs: 0 },
    })
    expect(resolved.authReply!({ auth: 'ok' })).toBeUndefined()
    expect(resolved.authReply!({ status: 'in' })).toEqual({ outcome: 'accepted' })
    expect(resolved.keepalive.app).toBeNull()
    expect(resolved.silenceMs).toBe(0)
  })
})
