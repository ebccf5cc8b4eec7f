/**
 * The desktop app's cluster settings on disk (`<data-dir>/cluster.json`, see
 * shared/cluster-settings.ts for why they are per machine), and how they become the same
 * `ClusterSettings` the headless host builds from its command line.
 *
 * A missing file means "no cluster". A file that cannot be read, is not JSON or does not pass the
 * schema is reported (in Settings and the log) and the defaults apply; the file itself is left as
 * it is until the user saves, so nothing in it is lost to a bad edit.
 */

import { readFile } from 'node:fs/promises'
import {
  defaultDesktopClusterSettings,
  desktopClusterSettingsSchema,
  type ClusterSettingsView,
  type DesktopClusterSettings,
} from '../../../shared/cluster-settings'
import { VigilError } from '../../../shared/result'
import { issuesText, validateWith } from '../../../shared/schema-kit'
import { errorText } from '../../../shared/utils/error-text'
import { writeFileAtomic } from '../settings/atomic-file'
import type { Logger } from '../util/logger'
import {
  hostNodeName,
  resolveClusterSettings,
  type ClusterSettings,
  type ClusterSettingsResult,
} from './cluster-options'

export const CLUSTER_SETTINGS_FILE = 'cluster.json'

export interface LoadedClusterSettings {
  settings: DesktopClusterSettings
  /** Why the file was not used (the defaults apply), or null. */
  problem: string | null
}

export async function loadDesktopClusterSettings(path: string): Promise<LoadedClusterSettings> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { settings: defaultDesktopClusterSettings(), problem: null }
    return unusable(path, `it cannot be read (${errorText(error)})`)
  }
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    return unusable(path, `it is not JSON (${errorText(error)})`)
  }
  const checked = validateWith(desktopClusterSettingsSchema, document, (at) => at || '(file)')
  if (!checked.ok) return unusable(path, `it is not valid (${issuesText(checked.issues)})`)
  return { settings: checked.value, problem: null }
}

function unusable(path: string, why: string): LoadedClusterSettings {
  return {
    settings: defaultDesktopClusterSettings(),
    problem: `${path} was not used: ${why}. No cluster is joined until the settings are saved again.`,
  }
}

export async function saveDesktopClusterSettings(
  path: string,
  settings: DesktopClusterSettings,
): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(settings, null, 2)}\n`)
}

export interface DesktopHostFacts {
  hostname: string
  env: Readonly<Record<string, string | undefined>>
}

/**
 * The options the desktop joins with: those of the headless host (cluster-options.ts), taken from
 * the stored settings. `VIGIL_CLUSTER` and `VIGIL_NODE_NAME` are the headless host's; here only
 * the settings choose the server and the name, while credentials and TLS files still come from
 * the environment (`VIGIL_CLUSTER_CREDS`, `VIGIL_CLUSTER_CA`, ...), never from the plain file.
 */
export function desktopClusterOptions(
  stored: DesktopClusterSettings,
  facts: DesktopHostFacts,
): ClusterSettingsResult {
  if (stored.url === '') return { ok: true, settings: null }
  const { VIGIL_CLUSTER: _url, VIGIL_NODE_NAME: _name, ...env } = facts.env
  return resolveClusterSettings(
    {
      cluster: stored.url,
      ...(stored.nodeName !== '' ? { nodeName: stored.nodeName } : {}),
      role: stored.role,
      seed: stored.seed,
    },
    { mode: 'desktop', hostname: facts.hostname, env },
  )
}

/** What `cluster:settings` and `cluster:save-settings` answer with on a host. */
export interface ClusterSettingsAccess {
  read(): Promise<ClusterSettingsView>
  save(settings: DesktopClusterSettings): Promise<ClusterSettingsView>
}

/** The desktop's: the per-machine file, checked as it would be joined before it is saved. */
export class DesktopClusterSettingsFile implements ClusterSettingsAccess {
  constructor(
    private readonly path: string,
    private readonly facts: DesktopHostFacts,
  ) {}

  async read(): Promise<ClusterSettingsView> {
    const { settings, problem } = await loadDesktopClusterSettings(this.path)
    return { editable: true, settings, defaultNodeName: this.defaultNodeName(), problem }
  }

  async save(settings: DesktopClusterSettings): Promise<ClusterSettingsView> {
    // What would stop the next start from joining is refused now, while the user is here.
    if (settings.url !== '' && settings.nodeName === '' && this.defaultNodeName() === '') {
      const message = `the host name "${this.facts.hostname}" cannot name this node: give a node name`
      throw new VigilError('invalid-argument', message, [{ path: 'nodeName', message }])
    }
    const joined = desktopClusterOptions(settings, this.facts)
    if (!joined.ok) throw new VigilError('invalid-argument', joined.message)
    await saveDesktopClusterSettings(this.path, settings)
    return { editable: true, settings, defaultNodeName: this.defaultNodeName(), problem: null }
  }

  /** What an empty node name stands for; empty when the host name cannot name a node. */
  private defaultNodeName(): string {
    return hostNodeName(this.facts.hostname) ?? ''
  }
}

/** The headless host's: its cluster is set on its command line, so there is nothing to save. */
export const commandLineClusterSettings: ClusterSettingsAccess = {
  read: () => Promise.resolve({ editable: false, note: COMMAND_LINE_NOTE }),
  save: () => Promise.reject(new VigilError('forbidden', COMMAND_LINE_NOTE)),
}

const COMMAND_LINE_NOTE =
  "This host's cluster is set on its command line (--cluster, --node-name, --role, --cluster-seed); restart it with other options to change it."

/**
 * What the desktop joins at start: the stored settings as cluster options, or null. A bad file or
 * settings that cannot be joined with are logged (Settings shows the file's problem too) and the
 * app runs as a single host: never a reason not to start.
 */
export async function desktopClusterAtStart(
  path: string,
  facts: DesktopHostFacts,
  logger: Pick<Logger, 'warn'>,
): Promise<ClusterSettings | null> {
  const { settings, problem } = await loadDesktopClusterSettings(path)
  if (problem) logger.warn(`cluster: ${problem}`)
  const joined = desktopClusterOptions(settings, facts)
  if (joined.ok) return joined.settings
  logger.warn(`cluster: not joining: ${joined.message}`)
  return null
}
