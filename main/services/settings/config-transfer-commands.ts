/**
 * The `config:export`, `config:preview-import` and `config:import` commands: config-transfer.ts's
 * pure steps joined to the running document and the secret store. The engine forwards to these.
 */

import type { Config } from '../../../shared/config'
import type { ConfigExport, ImportOptions, ImportPreview } from '../../../shared/config-transfer'
import { VigilError } from '../../../shared/result'
import { issuesText } from '../../../shared/schema-kit'
import type { SecretStore } from '../secrets/secret-store'
import type { Clock } from '../util/clock'
import { exportConfig, exportedCredentials, previewImport } from './config-transfer'

export interface ConfigTransferPorts {
  config(): Config
  secrets: SecretStore
  clock: Clock
  /** Replaces the whole document (saved, then applied everywhere; in a cluster, shared first). */
  replace(config: Config, options: ImportOptions): Promise<Config>
}

export class ConfigTransferCommands {
  constructor(private readonly ports: ConfigTransferPorts) {}

  /**
   * The document to share: literal credentials in headers named as secret references. The values
   * behind new references are stored here, so the exported document also works on this machine.
   */
  async export(): Promise<ConfigExport> {
    const { secrets } = this.ports
    const config = this.ports.config()
    const stored = new Map<string, string>()
    for (const ref of await secrets.list()) {
      const value = await secrets.get(ref)
      if (value !== undefined) stored.set(ref, value)
    }
    for (const [ref, value] of exportedCredentials(config, stored)) {
      await secrets.set(ref, value)
      stored.set(ref, value)
    }
    return exportConfig(config, this.ports.clock.now(), stored)
  }

  async preview(document: unknown): Promise<ImportPreview> {
    return previewImport(this.ports.config(), document, await this.ports.secrets.list())
  }

  /** Validates (migrating an older version), then replaces the config atomically. */
  async import(document: unknown, options: ImportOptions = {}): Promise<Config> {
    const preview = await this.preview(document)
    if (!preview.valid) {
      const count = preview.issues.length
      throw new VigilError(
        'invalid-argument',
        `the imported config has ${count} problem${count === 1 ? '' : 's'}: ` +
          issuesText(preview.issues),
        preview.issues,
      )
    }
    return this.ports.replace(preview.config, options)
  }
}
