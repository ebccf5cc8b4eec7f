import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { NotificationConstructorOptions } from 'electron'
import type { NotificationView, Urgency } from '../../shared/domain'
import { defaultShellPreferences, type ShellPreferences } from '../../shared/preferences-shell'
import type { Logger } from '../services/util/logger'
import type { TriggerTogglesPort } from '../services/engine-ports'
import { NativeNotifier, type NotificationClass } from './native-notifier'
import { nativeNotificationOptions, SNOOZE_MS } from './notification-options'

/** The trigger toggles a test records: the engine's, with what they answer left out. */
interface TriggerControls {
  snooze(triggerId: string, until: number): unknown
  setEnabled(triggerId: string, enabled: boolean): unknown
}

/** The engine's port over a test's controls (their answers are not read). */
const asPort = (controls: TriggerControls) =>
  ({
    snoozeTrigger: (id: string, until: number | null) => controls.snooze(id, until!),
    setTriggerEnabled: (id: string, enabled: boolean) => controls.setEnabled(id, enabled),
  }) as unknown as TriggerTogglesPort

const notification = (id: number, urgency: Urgency = 'normal'): NotificationView => ({
  id,
  triggerId: 'br-up',
  eventId: 100 + id,
  sourceId: 'ps2',
  title: `Title ${id}`,
  body: 'Body',
  urgency,
  firedAt: 0,
  read: false,
})

function setup(
  options: {
    platform?: NodeJS.Platform
    preferences?: Partial<ShellPreferences>
    triggers?: TriggerControls
    supported?: boolean
  } = {},
) {
  const shown: FakeNotification[] = []
  class FakeNotification extends EventEmitter {
    static isSupported = () => options.supported ?? true
    constructor(readonly options: NotificationConstructorOptions) {
      super()
    }
    show() {
      shown.push(this)
    }
  }
  const log: string[] = []
  const logger: Logger = { info: (m) => log.push(m), warn: (m) => log.push(m), error() {} }
  const notifier = new NativeNotifier({
    Notification: FakeNotification as unknown as NotificationClass,
    platform: options.platform ?? 'linux',
    preferences: () => ({ ...defaultShellPreferences(), ...options.preferences }),
    ...(options.triggers ? { triggers: () => asPort(options.triggers!) } : {}),
    icon: '/icons/app.png',
    now: () => 1_000,
    logger,
  })
  const activated: NotificationView[] = []
  notifier.onDidActivate((n) => activated.push(n))
  return { notifier, shown, activated, log }
}

describe('NativeNotifier', () => {
  it('shows a notification and routes its click to the shell', () => {
    const { notifier, shown, activated } = setup()
    notifier.show(notification(1))
    expect(shown).toHaveLength(1)
    expect(shown[0]!.options).toMatchObject({ title: 'Title 1', body: 'Body' })
    expect(notifier.liveCount).toBe(1)
    shown[0]!.emit('click')
    expect(activated.map((n) => n.eventId)).toEqual([101])
    expect(notifier.liveCount).toBe(0)
  })

  it('holds non-critical notifications back in do-not-disturb, letting critical ones through', () => {
    const { notifier, shown } = setup({ preferences: { doNotDisturb: true } })
    notifier.show(notification(1, 'low'))
    notifier.show(notification(2, 'normal'))
    notifier.show(notification(3, 'critical'))
    expect(shown.map((n) => n.options.title)).toEqual(['Title 3'])
  })

  it('does nothing where the OS has no notifications', () => {
    const { notifier, shown } = setup({ supported: false })
    notifier.show(notification(1))
    expect(shown).toEqual([])
  })

  it('snoozes for an hour or mutes the trigger from the buttons, where the OS has them', async () => {
    const calls: unknown[][] = []
    const triggers: TriggerControls = {
      snooze: (...args) => calls.push(['snooze', ...args]),
      setEnabled: (...args) => calls.push(['setEnabled', ...args]),
    }
    const { notifier, shown, log } = setup({ platform: 'darwin', triggers })
    notifier.show(notification(1))
    notifier.show(notification(2))
    expect(shown[0]!.options.actions).toEqual([
      { type: 'button', text: 'Snooze 1 h' },
      { type: 'button', text: 'Mute trigger' },
    ])
    shown[0]!.emit('action', {}, 0)
    shown[1]!.emit('action', {}, 1)
    await new Promise((resolve) => setImmediate(resolve))
    expect(calls).toEqual([
      ['snooze', 'br-up', 1_000 + SNOOZE_MS],
      ['setEnabled', 'br-up', false],
    ])
    expect(log).toEqual(['snoozed trigger "br-up"', 'muted trigger "br-up"'])
  })

  it('offers no buttons on Linux, or before trigger controls are wired', () => {
    const triggers: TriggerControls = { snooze() {}, setEnabled() {} }
    const linux = setup({ platform: 'linux', triggers })
    linux.notifier.show(notification(1))
    expect(linux.shown[0]!.options.actions).toBeUndefined()
    const unwired = setup({ platform: 'darwin' })
    unwired.notifier.show(notification(1))
    expect(unwired.shown[0]!.options.actions).toBeUndefined()
  })

  it('reports a failed action and a refused notification instead of throwing', async () => {
    const triggers: TriggerControls = {
      snooze: () => Promise.reject(new Error('no such trigger')),
      setEnabled() {},
    }
    const { notifier, shown, log } = setup({ platform: 'win32', triggers })
    notifier.show(notification(1))
    notifier.show(notification(2))
    shown[0]!.emit('action', {}, 0)
    shown[1]!.emit('failed', {}, 'toast disabled')
    await new Promise((resolve) => setImmediate(resolve))
    expect(log).toEqual([
      'the OS refused notification 2: toast disabled',
      'could not snooze trigger "br-up": no such trigger',
    ])
  })

  it('keeps a Windows toast that timed out into the Action Center clickable', async () => {
    const triggers: TriggerControls = { snooze() {}, setEnabled() {} }
    const { notifier, shown, activated, log } = setup({ platform: 'win32', triggers })
    for (let id = 1; id <= 4; id++) notifier.show(notification(id))
    shown[0]!.emit('close', { reason: 'timedOut' })
    shown[1]!.emit('close', { reason: 'timedOut' })
    shown[2]!.emit('close', { reason: 'userCanceled' })
    shown[3]!.emit('close', {})
    expect(notifier.liveCount).toBe(2)
    // Clicked, or a button pressed, in the Action Center later: both still act.
    shown[0]!.emit('click')
    shown[1]!.emit('action', {}, 0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(activated.map((n) => n.id)).toEqual([1])
    expect(log).toEqual(['snoozed trigger "br-up"'])
    expect(notifier.liveCount).toBe(0)
  })

  it('keeps at most 50 notifications referenced', () => {
    const { notifier } = setup()
    for (let id = 1; id <= 60; id++) notifier.show(notification(id))
    expect(notifier.liveCount).toBe(50)
    const windows = setup({ platform: 'win32' })
    for (let id = 1; id <= 60; id++) {
      windows.notifier.show(notification(id))
      windows.shown.at(-1)!.emit('close', { reason: 'timedOut' })
    }
    expect(windows.notifier.liveCount).toBe(50)
  })
})

describe('nativeNotificationOptions', () => {
  const base = { preferences: { notificationSound: true }, withActions: false, icon: '/i.png' }

  it('maps urgency on Linux: the hint, and critical never times out', () => {
    expect(
      nativeNotificationOptions(notification(1, 'critical'), { ...base, platform: 'linux' }),
    ).toEqual({
      title: 'Title 1',
      body: 'Body',
      silent: false,
      urgency: 'critical',
      timeoutType: 'never',
      icon: '/i.png',
    })
    expect(
      nativeNotificationOptions(notification(1, 'low'), { ...base, platform: 'linux' }),
    ).toMatchObject({ urgency: 'low', silent: true })
  })

  it('maps urgency on Windows, grouping toasts by trigger', () => {
    expect(
      nativeNotificationOptions(notification(4, 'critical'), { ...base, platform: 'win32' }),
    ).toMatchObject({
      urgency: 'critical',
      timeoutType: 'never',
      id: 'vigil-notification-4',
      groupId: 'vigil-trigger-br-up',
      icon: '/i.png',
    })
  })

  it('has no urgency on macOS: low is silent, and the app icon is the OS default', () => {
    const options = nativeNotificationOptions(notification(1, 'low'), {
      ...base,
      platform: 'darwin',
    })
    expect(options).not.toHaveProperty('urgency')
    expect(options).not.toHaveProperty('icon')
    expect(options.silent).toBe(true)
  })

  it('honours the sound preference and caps long text', () => {
    const long = { ...notification(1), title: 't'.repeat(500), body: 'b'.repeat(5_000) }
    const options = nativeNotificationOptions(long, {
      ...base,
      platform: 'linux',
      preferences: { notificationSound: false },
    })
    expect(options.silent).toBe(true)
    expect(options.title).toHaveLength(200)
    expect(options.body).toHaveLength(1_000)
  })
})
