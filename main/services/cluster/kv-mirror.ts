/**
 * A local copy of a KV bucket whose entries expire (membership, leases). A watcher brings every
 * write at once; but on server 2.9 an entry that reaches the bucket's TTL simply disappears, with
 * no delete marker a watcher could see (markers on expiry came in 2.11). So `sweep()` lists the
 * live keys and drops what is gone; its caller runs it on a timer, and how often bounds how late
 * an expiry is noticed.
 *
 * Values are decoded (and checked) by the caller's `decode`; an entry it refuses counts as absent.
 */

import { KvWatchInclude, type KV, type KvEntry } from '@nats-io/kv'
import { errorText } from '../../../shared/utils/error-text'
import { Emitter } from '../../../shared/utils/emitter'
import type { Logger } from '../util/logger'

export interface MirroredEntry<T> {
  value: T
  revision: number
}

export class KvMirror<T> {
  private readonly map = new Map<string, MirroredEntry<T>>()
  private stopWatch: (() => void) | null = null
  private readonly changes: Emitter<void>
  /** Something was added, changed or removed. */
  readonly onDidChange

  constructor(
    private readonly kv: KV,
    /** For log lines: what the bucket holds ("leases"). */
    private readonly label: string,
    private readonly decode: (entry: KvEntry) => T | null,
    private readonly logger: Logger,
  ) {
    this.changes = new Emitter<void>(logger)
    this.onDidChange = this.changes.event
  }

  get entries(): ReadonlyMap<string, MirroredEntry<T>> {
    return this.map
  }

  /** Starts watching, then fills the copy with what the bucket holds now. */
  async start(): Promise<void> {
    const iterator = await this.kv.watch({ include: KvWatchInclude.UpdatesOnly })
    this.stopWatch = () => iterator.stop()
    void (async () => {
      for await (const entry of iterator) this.apply(entry)
    })().catch((error: unknown) =>
      this.logger.error(`cluster: watching the ${this.label} failed: ${errorText(error)}`),
    )
    await this.sweep()
  }

  /** Brings the copy in line with the live keys: drops the expired, fetches the missed. */
  async sweep(): Promise<void> {
    const status = await this.kv.status()
    // Entries written after this point may be missing from the listing below: they are kept.
    const listedUpTo = status.streamInfo.state.last_seq
    const live = new Set<string>()
    for await (const key of await this.kv.keys()) live.add(key)
    let changed = false
    for (const [key, entry] of this.map) {
      if (!live.has(key) && entry.revision <= listedUpTo) {
        this.map.delete(key)
        changed = true
      }
    }
    const missed = [...live].filter((key) => !this.map.has(key))
    const entries = await Promise.all(missed.map((key) => this.kv.get(key)))
    for (const entry of entries) if (entry && this.put(entry)) changed = true
    if (changed) this.changes.fire()
  }

  stop(): void {
    this.stopWatch?.()
    this.stopWatch = null
    this.changes.dispose()
  }

  private apply(entry: KvEntry): void {
    if (entry.operation === 'PUT') {
      if (this.put(entry)) this.changes.fire()
      return
    }
    const current = this.map.get(entry.key)
    if (current && current.revision < entry.revision) {
      this.map.delete(entry.key)
      this.changes.fire()
    }
  }

  /** Adopts `entry` unless the copy already has a newer one; answers whether anything changed. */
  private put(entry: KvEntry): boolean {
    if (entry.operation !== 'PUT') return false
    const current = this.map.get(entry.key)
    if (current && current.revision >= entry.revision) return false
    const value = this.decode(entry)
    if (value === null) {
      if (current) this.map.delete(entry.key)
      return current !== undefined
    }
    this.map.set(entry.key, { value, revision: entry.revision })
    return true
  }
}
