/**
 * The Electron composition root: builds the engine, opens the window, wires the IPC bridge.
 *
 *   --data-dir DIR  (or $VIGIL_DATA_DIR) runs with an isolated profile
 *   --hidden        starts without showing the window
 */

import { join, resolve } from 'node:path'
import { app, session } from 'electron'
import { APP_VERSION } from './app-version'
import { registerBridge } from './ipc/bridge'
import type { RendererOrigin } from './ipc/sender-check'
import { createInvokeHandlers } from './services/api/invoke-handlers'
import { Engine } from './services/engine'
import { consoleLogger } from './services/util/logger'
import { createSimulatorResolver } from './simulators/registry'
import { createMainWindow } from './window'

function argument(name: string): string | undefined {
  const prefix = `--${name}=`
  const index = process.argv.indexOf(`--${name}`)
  if (index >= 0) return process.argv[index + 1]
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length)
}

const dataDir = argument('data-dir') ?? process.env.VIGIL_DATA_DIR
// Must happen before `ready`: everything Electron stores (and our config) follows userData.
if (dataDir) app.setPath('userData', resolve(dataDir))

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  void start()
}

async function start(): Promise<void> {
  await app.whenReady()
  // Vigil asks for no permission (camera, notifications via Electron's own API, ...): deny all.
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) =>
    callback(false),
  )

  const recordingsDir = join(app.getPath('userData'), 'recordings')
  const simulators = createSimulatorResolver({ recordingsDir })
  const engine = await Engine.start({
    dataDir: app.getPath('userData'),
    mode: 'electron',
    version: APP_VERSION,
    resolveUrl: (url) => simulators.resolveUrl(url),
    logger: consoleLogger,
    recordingsDir,
    // Built beside this file by electron-vite (see electron.vite.config.ts).
    history: { workerPath: join(import.meta.dirname, 'sqlite-worker.js') },
  })

  const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const renderer: RendererOrigin = devServer
    ? { kind: 'dev', origin: new URL(devServer).origin }
    : { kind: 'file', indexPath: join(import.meta.dirname, '../renderer/index.html') }
  const window = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    renderer,
    show: !process.argv.includes('--hidden'),
  })
  const disposeBridge = registerBridge({
    engine,
    handlers: createInvokeHandlers(engine),
    window,
    rendererOrigin: renderer,
    logger: consoleLogger,
  })

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  })
  app.on('window-all-closed', () => app.quit())

  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    // Flush and close sockets before the process ends; then quit for real.
    event.preventDefault()
    quitting = true
    disposeBridge()
    void Promise.all([engine.dispose(), simulators.dispose()]).finally(() => app.quit())
  })
}
