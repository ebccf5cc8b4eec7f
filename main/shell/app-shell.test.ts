import { EventEmitter } from 'node:events'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PushMessage } from '../services/engine-ports'
import { systemClock } from '../services/util/clock'
import type { Logger } from '../services/util/logger'
import { AppShell, filesToOpen, SHUTDOWN_TIMEOUT_MS, type ShellApp } from './app-shell'
import { FakeBrowserWindow, fakeEvent } from './testing/fakes'

/** An app whose quit() runs the real sequence: before-quit, and only if not held, the end. */
class FakeApp extends EventEmitter {
  quits = 0
  exited = false
  quit(): void {
    this.quits++
    const event = fakeEvent()
    this.emit('before-quit', event)
    if (!event.defaultPrevented) this.exited = true
  }
  asApp(): ShellApp {
    return this as unknown as ShellApp
  }
}

function setup(shutdown: () => Promise<void>, closeToTray = true) {
  const opened: string[] = []
  const app = new FakeApp()
  const window = new FakeBrowserWindow()
  const logs: string[] = []
  const logger: Logger = { info() {}, warn: (m) => logs.push(m), error: (m) => logs.push(m) }
  const shell = new AppShell({
    app: app.asApp(),
    window: window.asWindow(),
    preferences: () => ({ closeToTray }),
    shutdown,
    clock: systemClock,
    logger,
    // Stands in for the engine's OpenedFiles: a token per file, named after the path.
    files: {
      openFile: (path, kind) =>
        Promise.resolve({
          kind,
          token: `token-${opened.push(path)}`,
          name: path.split(/[\\/]/).at(-1)!,
        }),
    },
  })
  const pushes: PushMessage[] = []
  shell.onDidPush((message) => pushes.push(message))
  return { app, window, shell, pushes, logs, opened }
}

describe('AppShell', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('focuses the first instance when a second one starts, restoring it if minimised', () => {
    const { app, window, pushes } = setup(() => Promise.resolve())
    window.minimized = true
    app.emit('second-instance', fakeEvent(), ['/opt/Vigil/vigil', '--hidden'], '/home/me')
    expect(window.calls).toEqual(['restore', 'show', 'focus'])
    expect(pushes).toEqual([])
  })

  it('reads a Vigil file passed to the second instance, gives the UI a token, ignores others', async () => {
    const { app, pushes, logs, shell, opened } = setup(() => Promise.resolve())
    app.emit('second-instance', fakeEvent(), ['vigil', 'C:\\exports\\Team.VIGIL', 'notes.txt'], '')
    await vi.waitFor(() => expect(pushes).toHaveLength(1))
    expect(opened).toEqual(['C:\\exports\\Team.VIGIL'])
    // The page learns a token and a name, never the path.
    expect(pushes).toEqual([
      {
        channel: 'ui:open-file',
        payload: { kind: 'config', token: 'token-1', name: 'Team.VIGIL' },
      },
    ])
    await shell.openFile('/tmp/evil.sh')
    expect(logs).toEqual(['ignored a request to open /tmp/evil.sh: not a Vigil file'])
    expect(opened).toHaveLength(1)
    const open = fakeEvent()
    app.emit('open-file', open, '/Users/me/night.vigilrec')
    expect(open.defaultPrevented).toBe(true)
    await vi.waitFor(() => expect(pushes).toHaveLength(2))
    expect(pushes.at(-1)).toEqual({
      channel: 'ui:open-file',
      payload: { kind: 'recording', token: 'token-2', name: 'night.vigilrec' },
    })
  })

  it("opens a second instance's relative paths in its own working directory", async () => {
    const { app, opened, pushes } = setup(() => Promise.resolve())
    app.emit(
      'second-instance',
      fakeEvent(),
      ['vigil', 'exports/team.vigil', '/srv/night.vigilrec'],
      '/home/me',
    )
    await vi.waitFor(() => expect(pushes).toHaveLength(2))
    expect(opened).toEqual([
      resolve('/home/me', 'exports/team.vigil'),
      resolve('/srv/night.vigilrec'),
    ])
  })

  it('shows the window on a clicked notification and asks the UI to open its event', () => {
    const { window, shell, pushes } = setup(() => Promise.resolve())
    shell.openNotification({ id: 3, eventId: 41 })
    expect(window.visible).toBe(true)
    expect(pushes).toEqual([
      { channel: 'ui:open-event', payload: { eventId: 41, notificationId: 3 } },
    ])
  })

  it('hides to the tray on close, but lets the window close while quitting', async () => {
    const { app, window } = setup(() => Promise.resolve())
    window.show()
    expect(window.userClose()).toBe(false)
    expect(window.visible).toBe(false)

    app.quit()
    expect(window.userClose()).toBe(true)
    await vi.runAllTimersAsync()
  })

  it('quits when the window closes if close-to-tray is off', async () => {
    const { app, window } = setup(() => Promise.resolve(), false)
    expect(window.userClose()).toBe(true)
    app.emit('window-all-closed')
    await vi.runAllTimersAsync()
    expect(app.exited).toBe(true)
  })

  it('holds the quit until the engine has flushed, then quits for real, once', async () => {
    let flushed!: () => void
    const shutdown = vi.fn(() => new Promise<void>((resolve) => (flushed = resolve)))
    const { app, shell } = setup(shutdown)
    shell.quit()
    shell.quit() // a second Quit while flushing changes nothing
    expect(shutdown).toHaveBeenCalledTimes(1)
    expect(app.exited).toBe(false)
    expect(shell.quitting).toBe(true)
    flushed()
    await vi.advanceTimersByTimeAsync(0)
    expect(app.exited).toBe(true)
    expect(app.quits).toBe(3)
  })

  it('holds the end of a Windows session while it quits as usual, flushing first', async () => {
    let flushed!: () => void
    const shutdown = vi.fn(() => new Promise<void>((resolve) => (flushed = resolve)))
    const { app, window, shell, logs } = setup(shutdown)
    const query = fakeEvent({ reasons: ['logoff'] })
    window.emit('query-session-end', query)
    expect(query.defaultPrevented).toBe(true)
    expect(shutdown).toHaveBeenCalledTimes(1)
    expect(shell.quitting).toBe(true)
    // Asked again while flushing: still held, and no second shutdown.
    const again = fakeEvent({ reasons: ['shutdown'] })
    window.emit('query-session-end', again)
    expect(again.defaultPrevented).toBe(true)
    window.emit('session-end', fakeEvent({ reasons: ['shutdown'] }))
    expect(shutdown).toHaveBeenCalledTimes(1)
    expect(app.exited).toBe(false)
    flushed()
    await vi.advanceTimersByTimeAsync(0)
    expect(app.exited).toBe(true)
    expect(logs).toEqual([])
  })

  it('starts the usual quit when the Windows session ends without asking first', async () => {
    const shutdown = vi.fn(() => Promise.resolve())
    const { app, window } = setup(shutdown)
    window.emit('session-end', fakeEvent({ reasons: ['critical', 'shutdown'] }))
    expect(shutdown).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(app.exited).toBe(true)
  })

  it('quits anyway, and says so, when the shutdown fails or hangs', async () => {
    const failing = setup(() => Promise.reject(new Error('disk full')))
    failing.app.quit()
    await vi.advanceTimersByTimeAsync(0)
    expect(failing.app.exited).toBe(true)
    expect(failing.logs).toEqual(['shutdown failed: disk full'])

    const hanging = setup(() => new Promise<void>(() => {}))
    hanging.app.quit()
    await vi.advanceTimersByTimeAsync(SHUTDOWN_TIMEOUT_MS - 1)
    expect(hanging.app.exited).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(hanging.app.exited).toBe(true)
    expect(hanging.logs[0]).toMatch(/did not finish within/)
  })
})

describe('filesToOpen', () => {
  it('picks Vigil files from a command line, skipping flags and the app itself', () => {
    expect(
      filesToOpen(['/opt/Vigil/vigil', '--data-dir=/x.vigil', 'a.vigil', 'b.VIGILREC', 'c.json']),
    ).toEqual(['a.vigil', 'b.VIGILREC'])
  })
})
