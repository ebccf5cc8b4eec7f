/**
 * The Electron composition root, and the only module that imports Electron's API: every other
 * shell module receives the pieces it uses as parameters, so it is unit-tested with fakes.
 *
 *   --data-dir DIR  (or $VIGIL_DATA_DIR) runs with an isolated profile; the log is in its logs/
 *   --hidden        starts in the tray without showing the window
 *   a .vigil or .vigilrec path: opens that file (file associations pass it this way)
 */

import { existsSync } from 'node:fs'
import { homedir, hostname } from 'node:os'
import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from 'electron'
import { defaultShellPreferences, type ShellPreferences } from '../shared/preferences-shell'
import { APP_ID } from './app-id'
import { APP_VERSION } from './app-version'
import { registerBridge } from './ipc/bridge'
import type { RendererOrigin } from './ipc/sender-check'
import { SafeStorageSecretStore } from './secrets/safe-storage-secret-store'
import { createInvokeHandlers } from './services/api/invoke-handlers'
import { NatsClusterNode } from './services/cluster/cluster-node'
import {
  CLUSTER_SETTINGS_FILE,
  DesktopClusterSettingsFile,
  desktopClusterAtStart,
} from './services/cluster/desktop-cluster-settings'
import { Engine } from './services/engine'
import { systemClock } from './services/util/clock'
import { tuneHeap } from './services/util/heap-tuning'
import { StdioGuard } from './services/logging/stdio-guard'
import { startAppLogging } from './shell/app-log'
import { AppShell, filesToOpen } from './shell/app-shell'
import { EarlyLaunches } from './shell/early-launches'
import { parseLaunchArgs, startHidden } from './shell/launch-args'
import { appCommand, applyLoginItem, autostartDirectory, openedAtLogin } from './shell/login-item'
import { NativeNotifier } from './shell/native-notifier'
import {
  createRendererHandler,
  RENDERER_SCHEME,
  RENDERER_SCHEME_PRIVILEGES,
} from './shell/renderer-protocol'
import { applySessionPolicy } from './shell/session-policy'
import { disposeEngineThenSimulators } from './shell/shutdown'
import { TrayController } from './shell/tray'
import { Updates } from './shell/updates'
import { captureWindowState, loadWindowState, saveWindowState } from './shell/window-state'
import { createSimulatorResolver } from './simulators/registry'
import { createMainWindow } from './window'
import { errorText } from '../shared/utils/error-text'
import { jsonEqual } from '../shared/utils/json-equal'

// First of all: a closed or full stdout/stderr (a launcher that closed its pipe) cannot end the app.
const stdio = new StdioGuard({ stdout: process.stdout, stderr: process.stderr })
const platform = process.platform
const args = parseLaunchArgs(process.argv, process.env, process.cwd())
// Must happen before `ready`: everything Electron stores (and our config) follows userData.
if (args.dataDir) app.setPath('userData', args.dataDir)
const { logger } = startAppLogging(app, stdio, APP_VERSION)
// Windows shows toasts only for an app with an AppUserModelID; the installer's shortcut has ours.
if (platform === 'win32') app.setAppUserModelId(APP_ID)
// Before the engine allocates: a flooded source must not grow the heap fourfold (heap-tuning.ts).
tuneHeap()

// Files opened on macOS (even before `ready`) and second launches during startup are held until
// the shell exists.
const early = new EarlyLaunches(app)

// The built renderer is served on vigil://app (SECURITY.md, item 18); only possible before `ready`.
protocol.registerSchemesAsPrivileged([RENDERER_SCHEME_PRIVILEGES])

if (!app.requestSingleInstanceLock()) {
  // Another Vigil runs with this profile: it receives our argv ('second-instance') and shows.
  logger.info('another Vigil runs with this profile; it takes over this launch')
  app.quit()
} else {
  start().catch((error: unknown) => {
    logger.error(`could not start: ${(error as Error).stack ?? String(error)}`)
    dialog.showErrorBox('Vigil could not start', errorText(error))
    app.exit(1)
  })
}

async function start(): Promise<void> {
  await app.whenReady()
  applySessionPolicy(session.defaultSession, app)
  // Built beside this file by electron-vite (see electron.vite.config.ts).
  protocol.handle(RENDERER_SCHEME, createRendererHandler(join(import.meta.dirname, '../renderer')))

  const userData = app.getPath('userData')
  const icons = join(import.meta.dirname, '../icons')
  // Preferences live in the engine's config; until it has loaded, the defaults apply.
  const running: { engine?: Engine } = {}
  const preferences = (): ShellPreferences =>
    running.engine?.config.preferences.shell ?? defaultShellPreferences()

  const secrets = new SafeStorageSecretStore({
    safeStorage,
    platform,
    path: join(userData, 'secrets.json'),
    allowPlainText: () => preferences().allowPlainTextSecrets,
  })
  // Native notifications; their "Snooze 1 h" and "Mute trigger" buttons act on the engine,
  // which exists by the time any notification can be shown.
  const appIcon = join(icons, 'app/png/256x256.png')
  const notifier = new NativeNotifier({
    Notification,
    platform,
    preferences,
    icon: appIcon,
    now: () => Date.now(),
    logger,
    triggers: () => running.engine,
  })
  const recordingsDir = join(userData, 'recordings')
  const simulators = createSimulatorResolver({ recordingsDir })
  // The cluster this machine joins, from its own settings (Settings > Cluster), as headless does.
  const clusterPath = join(userData, CLUSTER_SETTINGS_FILE)
  const clusterFacts = { hostname: hostname(), env: process.env }
  const cluster = await desktopClusterAtStart(clusterPath, clusterFacts, logger)
  const started = await Engine.start({
    dataDir: userData,
    mode: 'electron',
    version: APP_VERSION,
    resolveUrl: (url) => simulators.resolveUrl(url),
    releaseUrl: (url) => simulators.releaseUrl(url),
    logger,
    secrets,
    notifier,
    recordingsDir,
    // Built beside this file by electron-vite (see electron.vite.config.ts).
    history: { workerPath: join(import.meta.dirname, 'sqlite-worker.js') },
    ...(cluster
      ? {
          cluster: (localConfig) => new NatsClusterNode({ settings: cluster, localConfig, logger }),
        }
      : {}),
  })
  running.engine = started
  const secretStatus = await secrets.status()
  if (!secretStatus.available) logger.warn(`secrets: ${secretStatus.message}`)
  else if (secretStatus.plainText) logger.warn('secrets: stored obfuscated only (no OS keyring)')

  const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const renderer: RendererOrigin = devServer
    ? { kind: 'dev', origin: new URL(devServer).origin }
    : { kind: 'app' }
  const windowStatePath = join(userData, 'window-state.json')
  const saved = await loadWindowState(
    windowStatePath,
    screen.getAllDisplays().map((display) => display.workArea),
  )
  const launchedAtLogin = openedAtLogin(platform, app, args.launchedAtLogin)
  const window = createMainWindow(
    { BrowserWindow, shell },
    {
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      renderer,
      show: !startHidden({ ...args, launchedAtLogin }, preferences().startMinimized),
      ...(saved ? { bounds: saved, maximized: saved.maximized } : {}),
      // Packaged Linux and Windows builds take the icon from the desktop entry / executable.
      ...(platform !== 'darwin' ? { icon: appIcon } : {}),
    },
  )
  const rememberBounds = () =>
    saveWindowState(windowStatePath, captureWindowState(window)).catch((error: unknown) =>
      logger.warn(`could not save the window position: ${errorText(error)}`),
    )
  window.on('close', () => void rememberBounds())

  const updates = new Updates({
    preferences,
    isPackaged: app.isPackaged,
    hasFeed: app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml')),
    load: async () => (await import('electron-updater')).autoUpdater,
    clock: systemClock,
    logger,
  })

  let disposeBridge = () => {}
  const appShell = new AppShell({
    app,
    window,
    preferences,
    clock: systemClock,
    logger,
    files: started,
    // Quit waits for this: buffered events and history flushed, sockets closed.
    shutdown: async () => {
      updates.dispose()
      trayController.dispose()
      notifier.dispose()
      if (!window.isDestroyed()) await rememberBounds()
      disposeBridge()
      await disposeEngineThenSimulators(started, simulators)
    },
  })
  notifier.onDidActivate((notification) => appShell.openNotification(notification))
  for (const path of filesToOpen(process.argv)) void appShell.openFile(path)
  early.handOver(appShell)

  disposeBridge = registerBridge({
    ipcMain,
    pushes: [started.onDidPush, appShell.onDidPush],
    handlers: createInvokeHandlers(
      started,
      new DesktopClusterSettingsFile(clusterPath, clusterFacts),
    ),
    window,
    rendererOrigin: renderer,
    logger,
  })

  const trayController = new TrayController({
    electron: {
      createTray: (image) => new Tray(image),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      imageFromPath: (path) => nativeImage.createFromPath(path),
    },
    platform,
    iconDir: join(icons, 'tray'),
    engine: started,
    actions: {
      open: () => appShell.showWindow(),
      openNotification: (notification) => appShell.openNotification(notification),
      quit: () => appShell.quit(),
    },
    // Dock (macOS) and Unity launcher (Linux) badges; Windows has none for plain counts.
    ...(platform !== 'win32' ? { setBadgeCount: (count) => app.setBadgeCount(count) } : {}),
    clock: systemClock,
  })
  // Source states and notifications change the tray; event batches (20 a second) do not.
  started.onDidPush((message) => {
    if (message.channel !== 'event:batch') trayController.refresh()
  })

  const loginItem = {
    platform,
    app,
    command: appCommand({
      isPackaged: app.isPackaged,
      execPath: process.execPath,
      appPath: app.getAppPath(),
      appImage: process.env.APPIMAGE,
    }),
    args: args.dataDir ? [`--data-dir=${args.dataDir}`] : [],
    autostartDir: autostartDirectory(process.env, homedir()),
  }
  // Preferences apply at start and whenever the config changes (Settings, import, REST). The login
  // item is only touched when it should exist or when the user changed it: a run with an isolated
  // profile (tests, --data-dir) must not remove the entry of the user's everyday profile.
  let applied: ShellPreferences | undefined
  const applyPreferences = () => {
    const next = preferences()
    if (next.startAtLogin !== (applied?.startAtLogin ?? false)) {
      applyLoginItem(loginItem, next.startAtLogin).catch((error: unknown) =>
        logger.warn(`could not change start at login: ${errorText(error)}`),
      )
    }
    if (!jsonEqual(next.updates, applied?.updates)) updates.apply()
    applied = next
  }
  applyPreferences()
  started.onDidChangeConfig(() => {
    applyPreferences()
    trayController.refresh()
  })
}
