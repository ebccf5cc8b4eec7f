import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NotificationView, SourceState, SourceView } from '../../shared/domain'
import {
  MemoryNotificationLog,
  type NotificationQuery,
  type UnreadQuery,
} from '../services/notify/notification-log'
import { systemClock } from '../services/util/clock'
import { FakeTray, fakeImage } from './testing/fakes'
import { TRAY_REFRESH_MS, TrayController, type TrayElectron } from './tray'

const view = (id: string, state: SourceState, enabled = true) =>
  ({ id, state, enabled }) as SourceView

function setup(platform: NodeJS.Platform, initial: SourceView[]) {
  let sources = initial
  const notifications = new MemoryNotificationLog()
  const calls: string[] = []
  const actions = {
    open: () => calls.push('open'),
    openNotification: (n: NotificationView) => calls.push(`notification ${n.id}`),
    quit: () => calls.push('quit'),
  }
  // Stands in for the engine: the sources given, a notification log, pause and resume recorded.
  const engine = {
    listSources: () => sources,
    pauseAll: () => (calls.push('pause'), sources),
    resumeAll: () => (calls.push('resume'), sources),
    listNotifications: (query?: NotificationQuery) => notifications.list(query),
    unreadNotificationCount: (query?: UnreadQuery) => notifications.unreadCount(query),
  }
  let tray: FakeTray | undefined
  const badges: number[] = []
  const electron: TrayElectron = {
    createTray: (image) =>
      (tray = new FakeTray(image)) as unknown as ReturnType<TrayElectron['createTray']>,
    buildMenu: (template) => template as unknown as Electron.Menu,
    imageFromPath: (path) => fakeImage(path) as unknown as Electron.NativeImage,
  }
  const controller = new TrayController({
    electron,
    platform,
    iconDir: '/icons/tray',
    engine,
    actions,
    setBadgeCount: (count) => badges.push(count),
    clock: systemClock,
  })
  return {
    controller,
    tray: tray!,
    calls,
    badges,
    notifications,
    setSources: (next: SourceView[]) => (sources = next),
  }
}

describe('TrayController', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it.each([
    ['ok', [view('a', 'open'), view('b', 'connecting')]],
    ['degraded', [view('a', 'open'), view('b', 'stale')]],
    ['degraded', [view('a', 'reconnecting')]],
    ['failed', [view('a', 'failed'), view('b', 'reconnecting')]],
    ['paused', [view('a', 'closed'), view('b', 'closed')]],
  ] as const)('shows the %s icon, in colour on Linux and Windows', (status, sources) => {
    for (const platform of ['linux', 'win32'] as const) {
      const { tray } = setup(platform, [...sources])
      expect(tray.image).toMatchObject({ path: `/icons/tray/${status}.png`, template: false })
    }
  })

  it('uses template images on macOS, for light and dark menu bars alike', () => {
    const { tray } = setup('darwin', [view('a', 'failed')])
    expect(tray.image).toMatchObject({ path: '/icons/tray/failedTemplate.png', template: true })
  })

  it('builds the menu for each state: pause while active, resume when paused', () => {
    const { tray, calls, controller, setSources } = setup('linux', [view('a', 'open')])
    expect(tray.menu.map((item) => item.id ?? item.type)).toEqual([
      'open',
      'separator',
      'pause',
      'separator',
      'notifications',
      'no-notifications',
      'separator',
      'quit',
    ])
    tray.click('pause')
    tray.click('open')
    tray.click('quit')
    expect(calls).toEqual(['pause', 'open', 'quit'])

    setSources([view('a', 'closed')])
    controller.refreshNow()
    expect(tray.item('pause')).toBeUndefined()
    tray.click('resume')
    expect(calls.at(-1)).toBe('resume')
    expect(tray.image.path).toBe('/icons/tray/paused.png')

    setSources([])
    controller.refreshNow()
    expect(tray.item('pause') ?? tray.item('resume')).toBeUndefined()
    expect(tray.tooltip).toBe('Vigil: no sources')
  })

  it('lists recent notifications, opens the one clicked, and shows the unread count', () => {
    const { tray, calls, controller, notifications, badges } = setup('linux', [view('a', 'open')])
    for (const title of ['First', 'Second']) {
      notifications.add({
        triggerId: 't',
        eventId: 1,
        sourceId: 'a',
        title,
        body: '',
        urgency: 'normal',
        firedAt: 0,
      })
    }
    notifications.markRead([1])
    controller.refreshNow()
    expect(tray.item('notifications')?.label).toBe('Notifications (1 unread)')
    expect(tray.item('notification-2')?.label).toBe('• Second')
    expect(tray.item('notification-1')?.label).toBe('First')
    tray.click('notification-1')
    expect(calls).toEqual(['notification 1'])
    expect(tray.tooltip).toBe('Vigil: 1 source (1 open), 1 unread')
    expect(badges.at(-1)).toBe(1)
    expect(tray.title).toBe('')
  })

  it('puts the unread count beside the icon on macOS, where tooltips hardly show', () => {
    const { tray, controller, notifications } = setup('darwin', [])
    notifications.add({
      triggerId: 't',
      eventId: 1,
      sourceId: 'a',
      title: 'x',
      body: '',
      urgency: 'critical',
      firedAt: 0,
    })
    controller.refreshNow()
    expect(tray.title).toBe('1')
  })

  it('opens the window on a left click outside macOS', () => {
    const { tray, calls } = setup('win32', [])
    tray.emit('click')
    expect(calls).toEqual(['open'])
  })

  it('folds a burst of refreshes into one rebuild, and stops when disposed', () => {
    const { tray, controller, setSources } = setup('linux', [view('a', 'open')])
    const builds = tray.menuBuilds
    setSources([view('a', 'reconnecting')])
    for (let i = 0; i < 50; i++) controller.refresh()
    expect(tray.menuBuilds).toBe(builds)
    vi.advanceTimersByTime(TRAY_REFRESH_MS)
    expect(tray.menuBuilds).toBe(builds + 1)
    expect(tray.image.path).toBe('/icons/tray/degraded.png')

    controller.refresh()
    controller.dispose()
    vi.advanceTimersByTime(TRAY_REFRESH_MS)
    expect(tray.menuBuilds).toBe(builds + 1)
    expect(tray.destroyed).toBe(true)
  })
})
