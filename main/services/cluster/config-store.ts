/**
 * The config v1 document as one KV entry, its revision the document's version. Every host
 * watches the entry, so a change made anywhere arrives everywhere within a round trip (the issue
 * asks for 2 s). Writes are compare-and-set on the revision the writer last saw: a host that
 * wrote on a stale copy is refused with a conflict (409 over REST) instead of silently undoing
 * the other host's change.
 *
 * What arrives is read as any document from outside is (migrated, then validated): a config the
 * cluster holds that this Vigil cannot read is reported and not applied.
 */

import type { KV, KvEntry } from '@nats-io/kv'
import type { Config } from '../../../shared/config'
import { VigilError } from '../../../shared/result'
import { issuesText } from '../../../shared/schema-kit'
import { errorText } from '../../../shared/utils/error-text'
import { Emitter } from '../../../shared/utils/emitter'
import type { Logger } from '../util/logger'
import { checkConfigDocument } from '../settings/config-migrations'
import { CONFIG_KEY } from './cluster-names'
import type { ClusterConfigStore, VersionedConfig } from './cluster-port'
import { isWrongLastSequence } from './nats-errors'

export interface ConfigStoreOptions {
  logger: Logger
  /** Whether NATS is reachable now: writes are refused at once while it is not. */
  isConnected: () => boolean
  /** The largest message the server accepts (its `max_payload`). */
  maxPayload: () => number
}

export class NatsConfigStore implements ClusterConfigStore {
  private kv: KV | null = null
  private latest: VersionedConfig | null = null
  private stopWatch: (() => void) | null = null
  private readonly changes: Emitter<VersionedConfig>
  readonly onDidChange

  constructor(private readonly options: ConfigStoreOptions) {
    this.changes = new Emitter<VersionedConfig>(options.logger)
    this.onDidChange = this.changes.event
  }

  current(): VersionedConfig | null {
    return this.latest
  }

  /**
   * Reads the cluster's config and starts watching it. Answers what is there: a config, nothing
   * (`null`), or the problems that keep this Vigil from reading it.
   */
  async attach(kv: KV): Promise<VersionedConfig | null | { invalid: string; revision: number }> {
    this.kv = kv
    const entry = await kv.get(CONFIG_KEY)
    const initial = entry && entry.operation === 'PUT' ? this.read(entry) : null
    if (initial && 'config' in initial) this.latest = initial
    await this.watch(kv, entry?.revision ?? 0)
    return initial
  }

  detach(): void {
    this.stopWatch?.()
    this.stopWatch = null
    this.kv = null
  }

  async put(config: Config, expectedRevision: number): Promise<number> {
    const kv = this.kv
    if (!kv || !this.options.isConnected())
      throw new VigilError('unavailable', 'the cluster is unreachable: config changes wait for it')
    const data = JSON.stringify(config)
    const limit = this.options.maxPayload()
    if (Buffer.byteLength(data) > limit)
      throw new VigilError(
        'invalid-argument',
        `the config is larger than the NATS server accepts (${limit} bytes, its max_payload)`,
      )
    try {
      const revision =
        expectedRevision === 0
          ? await kv.create(CONFIG_KEY, data)
          : await kv.update(CONFIG_KEY, data, expectedRevision)
      this.adopt({ config, revision })
      return revision
    } catch (error) {
      if (isWrongLastSequence(error))
        throw new VigilError(
          'conflict',
          `another host changed the config first (this change was made on version ` +
            `${expectedRevision}, the cluster's is newer): reload it and make the change again`,
        )
      throw new VigilError('unavailable', `the cluster refused the config: ${errorText(error)}`)
    }
  }

  dispose(): void {
    this.detach()
    this.changes.dispose()
  }

  private async watch(kv: KV, fromRevision: number): Promise<void> {
    const iterator = await kv.watch({ key: CONFIG_KEY, resumeFromRevision: fromRevision + 1 })
    this.stopWatch = () => iterator.stop()
    void (async () => {
      for await (const entry of iterator) {
        if (entry.operation !== 'PUT') continue
        const read = this.read(entry)
        if ('config' in read) this.adopt(read)
      }
    })().catch((error: unknown) =>
      this.options.logger.error(`cluster: watching the config failed: ${errorText(error)}`),
    )
  }

  private adopt(next: VersionedConfig): void {
    if (this.latest && this.latest.revision >= next.revision) return
    this.latest = next
    this.changes.fire(next)
  }

  private read(entry: KvEntry): VersionedConfig | { invalid: string; revision: number } {
    let document: unknown
    try {
      document = entry.json()
    } catch {
      return this.invalid(entry.revision, 'it is not JSON')
    }
    const checked = checkConfigDocument(document)
    if (!checked.ok) return this.invalid(entry.revision, issuesText(checked.issues))
    return { config: checked.value, revision: entry.revision }
  }

  private invalid(revision: number, why: string): { invalid: string; revision: number } {
    const message = `the cluster's config (version ${revision}) cannot be used here: ${why}`
    this.options.logger.error(`cluster: ${message}`)
    return { invalid: message, revision }
  }
}
