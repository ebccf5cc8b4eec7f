/**
 * "Start at login": a login item on Windows and macOS (Electron's app.setLoginItemSettings), an
 * XDG autostart entry (`~/.config/autostart/vigil.desktop`) on Linux, where Electron has none.
 * The launch carries `--launched-at-login` (Windows, Linux; macOS reports it instead), so the
 * "start minimised" preference applies to login launches only, and `--data-dir` when the running
 * profile is not the default one, so the login launch opens the same profile.
 */

import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { App } from 'electron'
import { writeFileAtomic } from '../services/settings/atomic-file'
import { LAUNCHED_AT_LOGIN_FLAG } from './launch-args'

export interface LoginItemOptions {
  platform: NodeJS.Platform
  app: Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>
  /** The command that starts this app: the executable, then any arguments it needs first. */
  command: readonly string[]
  /** Our own arguments for the login launch (such as `--data-dir=...`). */
  args: readonly string[]
  /** Linux: `$XDG_CONFIG_HOME/autostart`, or `~/.config/autostart`. */
  autostartDir: string
}

export const AUTOSTART_FILE = 'vigil.desktop'

export async function applyLoginItem(options: LoginItemOptions, enabled: boolean): Promise<void> {
  const { platform, app, command, args, autostartDir } = options
  const loginArgs = [...args, LAUNCHED_AT_LOGIN_FLAG]
  if (platform === 'linux') {
    const file = join(autostartDir, AUTOSTART_FILE)
    if (!enabled) return rm(file, { force: true })
    await mkdir(autostartDir, { recursive: true })
    await writeFileAtomic(file, autostartEntry([...command, ...loginArgs]), { mode: 0o644 })
    return
  }
  if (platform === 'win32') {
    const [path, ...before] = command
    app.setLoginItemSettings({ openAtLogin: enabled, path, args: [...before, ...loginArgs] })
    return
  }
  // macOS login items take no arguments: the app asks wasOpenedAtLogin at start instead.
  app.setLoginItemSettings({ openAtLogin: enabled })
}

/** macOS knows whether it opened us at login; elsewhere our own flag says so. */
export function openedAtLogin(
  platform: NodeJS.Platform,
  app: Pick<App, 'getLoginItemSettings'>,
  flagged: boolean,
): boolean {
  if (platform === 'darwin') return app.getLoginItemSettings().wasOpenedAtLogin === true
  return flagged
}

export function autostartDirectory(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
) {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart')
}

/** The command that starts this app: an AppImage, a packaged binary, or Electron plus our code. */
export function appCommand(facts: {
  isPackaged: boolean
  execPath: string
  appPath: string
  appImage: string | undefined
}): string[] {
  // Inside an AppImage, execPath is in a temporary mount; the AppImage file is what to run.
  if (facts.appImage) return [facts.appImage]
  return facts.isPackaged ? [facts.execPath] : [facts.execPath, facts.appPath]
}

/** An XDG autostart entry (Desktop Entry Specification 1.5). */
export function autostartEntry(argv: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.5',
    'Name=Vigil',
    'Comment=Monitor live websocket event streams',
    `Exec=${argv.map(desktopExecArg).join(' ')}`,
    'Icon=vigil',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/**
 * One Exec argument. The spec quotes arguments with reserved characters in double quotes,
 * backslash-escaping `"`, `` ` ``, `$` and `\` inside; `%` starts a field code, so a literal one
 * is `%%`. The value as a whole is then a desktop-file string, where `\` itself is escaped again.
 */
export function desktopExecArg(arg: string): string {
  const literal = arg.replaceAll('%', '%%')
  const quoted = /^[A-Za-z0-9_@%+=:,./-]+$/.test(literal)
    ? literal
    : `"${literal.replace(/["`$\\]/g, (c) => `\\${c}`)}"`
  return quoted.replaceAll('\\', '\\\\')
}
