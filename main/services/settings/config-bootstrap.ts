/**
 * The config a run starts with: the file when it is valid; the first-run document when there is
 * none; the last good copy (or nothing) when the file failed validation, with the problem kept
 * for the UI. Never a silent reset.
 */

import { configSchema, emptyConfig, type Config, type ConfigInput } from '../../../shared/config'
import type { ConfigProblem } from '../../../shared/domain'
import { issuesText } from '../../../shared/schema-kit'
import type { Logger } from '../util/logger'
import type { ConfigFile } from './config-file'

export interface StartupConfig {
  config: Config
  problem: ConfigProblem | null
}

export async function loadStartupConfig(
  file: ConfigFile,
  firstRun: () => ConfigInput,
  logger: Logger,
): Promise<StartupConfig> {
  const loaded = await file.load()
  if (loaded.kind === 'loaded') {
    for (const { id, reason } of loaded.disabledTriggers ?? [])
      logger.warn(
        `trigger "${id}" was disabled: ${reason}. Rewrite its pattern in the trigger builder to enable it again`,
      )
    return { config: loaded.config, problem: null }
  }
  if (loaded.kind === 'missing') {
    // Parsed like any config, so a partial first-run document gets every default filled in.
    const config = configSchema.parse(firstRun())
    await file.save(config)
    logger.info(`first run: created ${file.path}`)
    return { config, problem: null }
  }
  const { problem } = loaded
  logger.warn(
    `${file.path} could not be used and was moved to ${problem.backupPath}; ` +
      (problem.recovered ? 'started from the last good copy. ' : 'started with no sources. ') +
      issuesText(problem.issues),
  )
  return { config: loaded.config ?? emptyConfig(), problem }
}
