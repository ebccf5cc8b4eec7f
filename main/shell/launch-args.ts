/**
 * The desktop app's command line:
 *
 *   --data-dir DIR        an isolated profile (config, history, secrets, window state);
 *                         $VIGIL_DATA_DIR does the same. Default: Electron's userData folder.
 *   --hidden              start in the tray without showing the window
 *   --launched-at-login   set by the login item / autostart entry: honours "start minimised"
 */

import { resolve } from 'node:path'

export interface LaunchArgs {
  dataDir: string | undefined
  hidden: boolean
  launchedAtLogin: boolean
}

export const LAUNCHED_AT_LOGIN_FLAG = '--launched-at-login'

export function parseLaunchArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): LaunchArgs {
  const dataDir = option(argv, 'data-dir') ?? (env.VIGIL_DATA_DIR || undefined)
  return {
    dataDir: dataDir === undefined ? undefined : resolve(cwd, dataDir),
    hidden: argv.includes('--hidden'),
    launchedAtLogin: argv.includes(LAUNCHED_AT_LOGIN_FLAG),
  }
}

/** `--name value` or `--name=value`; a flag followed by another flag has no value. */
function option(argv: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`
  const inline = argv.find((arg) => arg.startsWith(prefix))
  if (inline !== undefined) return inline.slice(prefix.length) || undefined
  const index = argv.indexOf(`--${name}`)
  const value = index >= 0 ? argv[index + 1] : undefined
  return value === undefined || value.startsWith('--') ? undefined : value
}

/** Hidden at start: asked for, or launched at login with "start minimised" on. */
export function startHidden(args: LaunchArgs, startMinimized: boolean): boolean {
  return args.hidden || (args.launchedAtLogin && startMinimized)
}
