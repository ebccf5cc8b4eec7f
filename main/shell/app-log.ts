/**
 * The desktop app's logging: the console, and `<userData>/logs/vigil.log`, where userData is the
 * `--data-dir` profile or the OS app-data folder (set before this runs). Takes `app` as a
 * parameter, so it is unit-tested with a fake.
 */

import type { App } from 'electron'
import { startProcessLogging, type ProcessLogging } from '../services/logging/process-logging'
import type { StdioGuard } from '../services/logging/stdio-guard'

export function startAppLogging(
  app: Pick<App, 'getPath'>,
  stdio: StdioGuard,
  version: string,
): ProcessLogging {
  const dataDir = app.getPath('userData')
  const logging = startProcessLogging({ dataDir, stdio })
  logging.file.info(`Vigil ${version} (desktop) starting; data: ${dataDir}`)
  return logging
}
