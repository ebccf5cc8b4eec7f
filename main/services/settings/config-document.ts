/**
 * The config document the engine runs on: what is in memory always equals what was last saved.
 * Changes run one at a time, in order, and are written before they are adopted, so a failed write
 * leaves both the file and the running engine unchanged.
 */

import type { Config } from '../../../shared/config'
import { VigilError } from '../../../shared/result'
import { isDiskFull } from '../util/disk-full'
import { Emitter } from '../../../shared/utils/emitter'
import type { Logger } from '../util/logger'
import type { ConfigFile } from './config-file'
import { errorText } from '../../../shared/utils/error-text'

const DISK_FULL_MESSAGE =
  'the disk is full: the config was not saved; the previous config is still in use'

/**
 * Where a change goes before it is saved here: the cluster's config store (cluster-config-sync.ts).
 * `expectedVersion` is the version the change was made on, when the caller knows it.
 */
export type ShareConfig = (next: Config, expectedVersion?: number) => Promise<void>

export interface CommitOptions {
  /** The change came from the cluster: it is adopted here, not shared back. */
  fromCluster?: boolean
  /** The version the change was made on (`If-Match`), checked by the cluster. */
  expectedVersion?: number
}

export class ConfigDocument {
  private changes: Promise<unknown> = Promise.resolve()
  private share: ShareConfig | null = null
  private readonly didChange = new Emitter<Config>()
  /** The document was replaced or edited (after it was saved). */
  readonly onDidChange = this.didChange.event

  constructor(
    private readonly file: ConfigFile,
    private current: Config,
    private readonly logger: Logger,
  ) {}

  get config(): Config {
    return this.current
  }

  get path(): string {
    return this.file.path
  }

  /** Runs `change` after every earlier change has finished; its result is the caller's. */
  mutate<T>(change: () => Promise<T>): Promise<T> {
    const run = this.changes.then(change, change)
    this.changes = run.catch((error: unknown) =>
      this.logger.warn(`config change failed: ${errorText(error)}`),
    )
    return run
  }

  /** In a cluster: every change is shared first, and not made here if the cluster refuses it. */
  shareWith(share: ShareConfig | null): void {
    this.share = share
  }

  /** Saves `next`, then adopts it. Call from inside `mutate`. */
  async commit(next: Config, options: CommitOptions = {}): Promise<void> {
    if (this.share && !options.fromCluster) await this.share(next, options.expectedVersion)
    try {
      await this.file.save(next)
    } catch (error) {
      // Not a bug but a state the user can fix: the save is atomic, so nothing changed.
      if (isDiskFull(error)) throw new VigilError('disk-full', DISK_FULL_MESSAGE)
      throw error
    }
    this.current = next
    this.didChange.fire(next)
  }

  /** Resolves once every change queued so far has finished. */
  settled(): Promise<void> {
    return this.changes.then(
      () => {},
      () => {},
    )
  }

  dispose(): void {
    this.didChange.dispose()
  }
}
