import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NotificationView } from '../../../shared/domain'
import { createInvokeHandlers, type InvokeHandlers } from '../api/invoke-handlers'
import { dispatchInvoke } from '../api/dispatch'
import type { Engine } from '../engine'
import type { PushMessage } from '../engine-ports'
import { startTestEngine, type TestEngine } from '../testing/test-engine'
import { waitFor, type TestServer } from '../testing/test-server'
import { engineInternals } from '../testing/engine-internals'

describe('triggers through the engine and the contract', () => {
  let running: TestEngine
  let dir: string
  let server: TestServer
  let engine: Engine
  let handlers: InvokeHandlers
  let pushes: PushMessage[]

  const invoke = (channel: string, ...args: unknown[]) => dispatchInvoke(handlers, channel, args)

  beforeEach(async () => {
    running = await startTestEngine()
    ;({ dir, server, engine } = running)
    handlers = createInvokeHandlers(engine)
    pushes = []
    engine.onDidPush((push) => pushes.push(push))
  })

  afterEach(() => running.dispose())

  const alarm = {
    id: 'alarm',
    name: 'Alarm',
    sources: ['src'],
    events: ['alarm'],
    condition: { field: 'payload.level', op: 'gte', value: 3 },
    actions: [
      { type: 'notify', title: 'Level {{payload.level}} in {{payload.zone}}', urgency: 'critical' },
      { type: 'sound', sound: 'alarm' },
    ],
  }

  it('saves a trigger, fires it on live events, and pushes the notification and the sound', async () => {
    const saved = await invoke('trigger:save', alarm)
    expect(saved).toMatchObject({
      ok: true,
      value: { id: 'alarm', enabled: true, counters: { evaluated: 0 } },
    })
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).triggers[0].id).toBe(
      'alarm',
    )

    server.broadcast(JSON.stringify({ type: 'alarm', level: '2', zone: 'north' }))
    server.broadcast(JSON.stringify({ type: 'alarm', level: '5', zone: 'south' }))
    await waitFor(() => pushes.some((p) => p.channel === 'notification:fired'), 'notification push')
    const fired = pushes.find((p) => p.channel === 'notification:fired')!
      .payload as NotificationView
    expect(fired).toMatchObject({
      triggerId: 'alarm',
      sourceId: 'src',
      title: 'Level 5 in south',
      urgency: 'critical',
    })
    expect(pushes.find((p) => p.channel === 'sound:play')?.payload).toMatchObject({
      sound: 'alarm',
      triggerId: 'alarm',
    })

    const list = await invoke('notification:list', {})
    expect(list).toEqual({ ok: true, value: [fired] })
    expect(await invoke('trigger:list')).toMatchObject({
      ok: true,
      value: [{ id: 'alarm', counters: { evaluated: 2, matched: 1, fired: 1 } }],
    })
    const misses = await invoke('trigger:near-misses', 'alarm')
    expect(misses).toMatchObject({
      ok: true,
      value: [{ failing: { field: 'payload.level', seen: '2' } }],
    })
    expect(await invoke('notification:mark-read', 'all')).toEqual({ ok: true, value: 1 })
    expect(engineInternals(engine).triggers.notifications.unreadCount()).toBe(0)

    const backtest = await invoke(
      'trigger:backtest',
      { ...alarm, id: undefined, actions: undefined },
      100,
    )
    expect(backtest).toMatchObject({
      ok: true,
      value: { scanned: 2, matched: 1, fired: 1, notifications: 0 },
    })
  })

  it('re-arms a spent single-shot trigger when it is saved, even unchanged', async () => {
    const once = { ...alarm, mode: 'single-shot' }
    await invoke('trigger:save', once)
    server.broadcast(JSON.stringify({ type: 'alarm', level: '5', zone: 'north' }))
    server.broadcast(JSON.stringify({ type: 'alarm', level: '6', zone: 'north' }))
    await waitFor(
      () => engineInternals(engine).triggers.view('alarm').counters.matched === 2,
      'two matches',
    )
    expect(engineInternals(engine).triggers.view('alarm')).toMatchObject({
      spent: true,
      counters: { fired: 1, suppressed: { 'single-shot-spent': 1 } },
    })

    expect(await invoke('trigger:save', once)).toMatchObject({ ok: true, value: { spent: false } })
    server.broadcast(JSON.stringify({ type: 'alarm', level: '7', zone: 'south' }))
    await waitFor(
      () => engineInternals(engine).triggers.view('alarm').counters.fired === 2,
      'a second firing',
    )
    expect(
      engineInternals(engine)
        .triggers.notifications.list()
        .map((n) => n.title),
    ).toEqual(['Level 7 in south', 'Level 5 in north'])
    expect(engineInternals(engine).triggers.view('alarm').spent).toBe(true)
  })

  it('refuses bad triggers with the path of the problem', async () => {
    const bad = await invoke('trigger:save', {
      ...alarm,
      condition: { all: [{ field: 'payload.level', op: 'matches', value: '(' }] },
    })
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', issues: [{ path: 'condition.all.0.value' }] },
    })
    const unknownSource = await invoke('trigger:save', { ...alarm, sources: ['src', 'nope'] })
    expect(unknownSource).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-argument',
        issues: [{ path: 'sources.1', message: 'no source with id "nope"' }],
      },
    })
    expect(await invoke('trigger:remove', 'nope')).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })

  it('snoozes through the config, and keeps a used source from being removed', async () => {
    await invoke('trigger:save', alarm)
    const until = Date.now() + 3_600_000
    expect(await invoke('trigger:snooze', 'alarm', until)).toMatchObject({
      ok: true,
      value: { noise: { snoozeUntil: new Date(until).toISOString() } },
    })
    server.broadcast(JSON.stringify({ type: 'alarm', level: '5' }))
    await waitFor(
      () => engineInternals(engine).triggers.view('alarm').counters.matched === 1,
      'match',
    )
    expect(engineInternals(engine).triggers.view('alarm').counters.suppressed).toEqual({
      snoozed: 1,
    })

    expect(await invoke('source:remove', 'src')).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'source "src" is used by trigger alarm' },
    })
    expect(await invoke('trigger:remove', 'alarm')).toEqual({ ok: true, value: null })
    expect(await invoke('source:remove', 'src')).toEqual({ ok: true, value: null })
  })

  it('turns a trigger off and on, and tells every window when notifications are read', async () => {
    await invoke('trigger:save', alarm)
    expect(await invoke('trigger:set-enabled', 'alarm', false)).toMatchObject({
      ok: true,
      value: { enabled: false },
    })
    server.broadcast(JSON.stringify({ type: 'alarm', level: '9', zone: 'east' }))
    await waitFor(
      () => engineInternals(engine).monitor.view('src').counters.events === 1,
      'the event',
    )
    expect(engineInternals(engine).triggers.notifications.list()).toEqual([])

    await invoke('trigger:set-enabled', 'alarm', true)
    server.broadcast(JSON.stringify({ type: 'alarm', level: '9', zone: 'west' }))
    await waitFor(
      () => engineInternals(engine).triggers.notifications.unreadCount() === 1,
      'a notification',
    )
    const [fired] = engineInternals(engine).triggers.notifications.list()
    expect(await invoke('notification:mark-read', [fired!.id])).toEqual({ ok: true, value: 1 })
    expect(pushes.filter((p) => p.channel === 'notification:read').map((p) => p.payload)).toEqual([
      { ids: [fired!.id], unread: 0 },
    ])
    // Nothing changed, nothing pushed.
    expect(await invoke('notification:mark-read', 'all')).toEqual({ ok: true, value: 0 })
    expect(pushes.filter((p) => p.channel === 'notification:read')).toHaveLength(1)
    expect(await invoke('trigger:set-enabled', 'nope', true)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })
})
