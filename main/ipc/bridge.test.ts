import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { IPC_INVOKE, IPC_PUSH, IPC_READY } from '../../shared/bridge'
import { emptyConfig } from '../../shared/config'
import { createInvokeHandlers } from '../services/api/invoke-handlers'
import { Engine } from '../services/engine'
import type { PushMessage } from '../services/engine-ports'
import { Emitter } from '../../shared/utils/emitter'
import type { Logger } from '../services/util/logger'
import {
  FakeBrowserWindow,
  FakeIpcMain,
  FakeWebContents,
  TEST_PAGE_URL,
} from '../shell/testing/fakes'
import { registerBridge } from './bridge'

const PAGE = TEST_PAGE_URL

describe('registerBridge', () => {
  let dir: string
  let engine: Engine
  let ipc: FakeIpcMain
  let window: FakeBrowserWindow
  let shellPushes: Emitter<PushMessage>
  let warnings: string[]
  let dispose: () => void

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-bridge-'))
    const logger: Logger = { info() {}, warn: (m) => warnings.push(m), error() {} }
    warnings = []
    engine = await Engine.start({
      dataDir: dir,
      mode: 'electron',
      version: '0.0.0-test',
      logger,
      firstRunConfig: emptyConfig,
    })
    ipc = new FakeIpcMain()
    window = new FakeBrowserWindow()
    shellPushes = new Emitter()
    dispose = registerBridge({
      ipcMain: ipc.asIpcMain(),
      pushes: [engine.onDidPush, shellPushes.event],
      handlers: createInvokeHandlers(engine),
      window: window.asWindow(),
      rendererOrigin: { kind: 'app' },
      logger,
    })
  })

  afterEach(async () => {
    dispose()
    await engine.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  const page = () => ({ webContents: window.webContents, frame: window.webContents.mainFrame })

  it('answers our own page with the Result envelope', async () => {
    await expect(ipc.invoke(IPC_INVOKE, page(), 'source:list', [])).resolves.toEqual({
      ok: true,
      value: [],
    })
    const info = (await ipc.invoke(IPC_INVOKE, page(), 'app:info', [])) as { value: unknown }
    expect(info.value).toMatchObject({ name: 'Vigil', mode: 'electron' })
  })

  it('refuses subframes, other windows and pages that navigated elsewhere', async () => {
    const other = new FakeWebContents()
    const senders = [
      { webContents: window.webContents, frame: { url: PAGE } }, // a subframe showing our page
      { webContents: other, frame: other.mainFrame }, // another window
      { webContents: window.webContents, frame: null }, // a frame already gone
    ]
    for (const sender of senders) {
      await expect(ipc.invoke(IPC_INVOKE, sender, 'source:list', [])).resolves.toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'this frame may not call Vigil' },
      })
    }
    window.webContents.mainFrame.url = 'https://evil.example/'
    await expect(ipc.invoke(IPC_INVOKE, page(), 'source:list', [])).resolves.toMatchObject({
      error: { code: 'forbidden' },
    })
    expect(warnings).toHaveLength(4)
    expect(warnings[3]).toContain('https://evil.example/')
  })

  it('refuses unknown channels and invalid arguments with the problems listed', async () => {
    await expect(ipc.invoke(IPC_INVOKE, page(), 'fs:read', ['/etc/passwd'])).resolves.toMatchObject(
      { ok: false, error: { code: 'unknown-channel' } },
    )
    await expect(
      ipc.invoke(IPC_INVOKE, page(), 'source:list', 'not an array'),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    const bad = (await ipc.invoke(IPC_INVOKE, page(), 'source:save', [
      { id: 'Bad Id', name: 'x', preset: 'generic', url: 'http://x' },
    ])) as { ok: boolean; error: { code: string; issues: { path: string }[] } }
    expect(bad.ok).toBe(false)
    expect(bad.error.code).toBe('invalid-argument')
    expect(bad.error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['id', 'url']),
    )
    // Nothing was saved.
    expect(engine.config.sources).toEqual([])
  })

  it('carries the pause-all and resume-all channels the tray shares with the UI', async () => {
    for (const channel of ['source:pause-all', 'source:resume-all'])
      await expect(ipc.invoke(IPC_INVOKE, page(), channel, [])).resolves.toEqual({
        ok: true,
        value: [],
      })
    await expect(ipc.invoke(IPC_INVOKE, page(), 'source:pause-all', [1])).resolves.toMatchObject({
      error: { code: 'invalid-argument' },
    })
  })

  it('holds pushes until our page is ready, and again after a reload', () => {
    const pushed = () => window.webContents.sent.map(([channel, name]) => [channel, name])
    shellPushes.fire({ channel: 'ui:open-event', payload: { eventId: 7, notificationId: 3 } })
    expect(pushed()).toEqual([])

    // A "ready" from a stranger releases nothing.
    const other = new FakeWebContents()
    ipc.sendFrom(IPC_READY, { webContents: other, frame: other.mainFrame })
    expect(pushed()).toEqual([])

    ipc.sendFrom(IPC_READY, page())
    expect(pushed()).toEqual([[IPC_PUSH, 'ui:open-event']])
    expect(window.webContents.sent[0]![2]).toEqual({ eventId: 7, notificationId: 3 })

    // A reload (a main-frame, cross-document navigation) holds pushes until the new page is ready.
    window.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false })
    shellPushes.fire({ channel: 'source:removed', payload: { id: 'x' } })
    expect(pushed()).toHaveLength(1)
    // A hash-route change is the same page: no hold.
    ipc.sendFrom(IPC_READY, page())
    window.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true })
    shellPushes.fire({ channel: 'source:removed', payload: { id: 'y' } })
    expect(pushed()).toEqual([
      [IPC_PUSH, 'ui:open-event'],
      [IPC_PUSH, 'source:removed'],
      [IPC_PUSH, 'source:removed'],
    ])
  })

  it('stops listening and pushing when disposed', async () => {
    ipc.sendFrom(IPC_READY, page())
    dispose()
    dispose = () => {}
    expect(ipc.handlers.size).toBe(0)
    expect(ipc.listenerCount(IPC_READY)).toBe(0)
    shellPushes.fire({ channel: 'source:removed', payload: { id: 'x' } })
    expect(window.webContents.sent).toEqual([])
  })
})
