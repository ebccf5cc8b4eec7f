import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  appCommand,
  applyLoginItem,
  autostartDirectory,
  autostartEntry,
  desktopExecArg,
  openedAtLogin,
  type LoginItemOptions,
} from './login-item'

function fakeApp(wasOpenedAtLogin = false) {
  const settings: Electron.Settings[] = []
  return {
    settings,
    setLoginItemSettings: (s: Electron.Settings) => settings.push(s),
    getLoginItemSettings: () => ({ wasOpenedAtLogin }) as Electron.LoginItemSettings,
  }
}

describe('applyLoginItem', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-autostart-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  const options = (platform: NodeJS.Platform, app = fakeApp()): LoginItemOptions => ({
    platform,
    app,
    command: ['/opt/Vigil/vigil'],
    args: ['--data-dir=/home/me/work profile'],
    autostartDir: join(dir, 'autostart'),
  })

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const linux = options('linux')
    const file = join(dir, 'autostart', 'vigil.desktop')
    await applyLoginItem(linux, true)
    const entry = await readFile(file, 'utf8')
    expect(entry).toContain(
      'Exec=/opt/Vigil/vigil "--data-dir=/home/me/work profile" --launched-at-login\n',
    )
    expect(entry).toContain('X-GNOME-Autostart-enabled=true')
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o644)
    await applyLoginItem(linux, false)
    await expect(stat(file)).rejects.toThrow()
    // Turning off what is already off is fine.
    await applyLoginItem(linux, false)
  })

  it('registers a login item with our flag on Windows', async () => {
    const app = fakeApp()
    await applyLoginItem(
      { ...options('win32', app), command: ['C:\\Vigil\\electron.exe', 'C:\\src'] },
      true,
    )
    expect(app.settings).toEqual([
      {
        openAtLogin: true,
        path: 'C:\\Vigil\\electron.exe',
        args: ['C:\\src', '--data-dir=/home/me/work profile', '--launched-at-login'],
      },
    ])
  })

  it('registers a plain login item on macOS, which reports login launches itself', async () => {
    const app = fakeApp(true)
    await applyLoginItem(options('darwin', app), false)
    expect(app.settings).toEqual([{ openAtLogin: false }])
    expect(openedAtLogin('darwin', app, false)).toBe(true)
    expect(openedAtLogin('linux', app, false)).toBe(false)
    expect(openedAtLogin('win32', fakeApp(), true)).toBe(true)
  })
})

describe('autostart entry', () => {
  it('quotes and escapes Exec arguments per the Desktop Entry spec', () => {
    expect(desktopExecArg('/usr/bin/vigil')).toBe('/usr/bin/vigil')
    expect(desktopExecArg('/a b')).toBe('"/a b"')
    expect(desktopExecArg('100%')).toBe('100%%')
    expect(desktopExecArg('say "$HOME"')).toBe('"say \\\\"\\\\$HOME\\\\""')
    expect(desktopExecArg('C:\\x')).toBe('"C:\\\\\\\\x"')
    expect(autostartEntry(['/x'])).toMatch(/^\[Desktop Entry\]\nType=Application\n/)
  })

  it('finds the autostart folder and the command to run', () => {
    expect(autostartDirectory({ XDG_CONFIG_HOME: '/cfg' }, '/home/me')).toBe(
      join('/cfg', 'autostart'),
    )
    expect(autostartDirectory({}, '/home/me')).toBe(join('/home/me', '.config', 'autostart'))
    const facts = { execPath: '/e/electron', appPath: '/src', appImage: undefined }
    expect(appCommand({ ...facts, isPackaged: false })).toEqual(['/e/electron', '/src'])
    expect(appCommand({ ...facts, isPackaged: true })).toEqual(['/e/electron'])
    expect(appCommand({ ...facts, isPackaged: true, appImage: '/home/me/Vigil.AppImage' })).toEqual(
      ['/home/me/Vigil.AppImage'],
    )
  })
})
