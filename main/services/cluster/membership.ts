/**
 * Who is in the cluster: every node keeps an entry in the members bucket (name, role, since when,
 * and a random instance id per run) and refreshes it well inside the bucket's TTL, so a node that
 * dies leaves the list by itself. Leases say which sources each member holds; this says which
 * members there are, and so how many share the sources.
 *
 * Two running nodes must not share a name (leases name their holder); if one appears with this
 * node's name, both say so in the log at every refresh until one is renamed.
 */

import type { KV } from '@nats-io/kv'
import { errorText } from '../../../shared/utils/error-text'
import { Emitter } from '../../../shared/utils/emitter'
import type { Clock } from '../util/clock'
import type { Logger } from '../util/logger'
import { kvKey } from './cluster-names'
import { decodeRecord, memberRecordSchema, type MemberRecord } from './cluster-records'
import { KvMirror } from './kv-mirror'
import { repeat } from './repeat'

export interface MembershipOptions {
  self: MemberRecord
  clock: Clock
  logger: Logger
  isConnected: () => boolean
  /** How often expired members are noticed. */
  sweepMs: number
}

export class Membership {
  private kv: KV | null = null
  private mirror: KvMirror<MemberRecord> | null = null
  private stops: (() => void)[] = []
  private readonly changes: Emitter<MemberRecord[]>
  readonly onDidChange

  constructor(private readonly options: MembershipOptions) {
    this.changes = new Emitter<MemberRecord[]>(options.logger)
    this.onDidChange = this.changes.event
  }

  /** Every live member by name, this node included even while it cannot reach NATS. */
  members(): MemberRecord[] {
    const byName = new Map<string, MemberRecord>()
    for (const { value } of this.mirror?.entries.values() ?? []) byName.set(value.name, value)
    byName.set(this.options.self.name, this.options.self)
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Enters the list and keeps this node in it (refreshing at a quarter of `ttlMs`). */
  async attach(kv: KV, ttlMs: number): Promise<void> {
    this.kv = kv
    await this.refresh()
    const mirror = new KvMirror(
      kv,
      'member list',
      (entry) => decodeRecord(entry, memberRecordSchema),
      this.options.logger,
    )
    this.mirror = mirror
    mirror.onDidChange(() => this.changed())
    await mirror.start()
    const report = (what: string) => (error: unknown) => {
      if (this.options.isConnected())
        this.options.logger.warn(`cluster: ${what} failed: ${errorText(error)}`)
    }
    this.stops = [
      repeat(this.options.clock, ttlMs / 4, () => this.refresh(), report('refreshing membership')),
      repeat(
        this.options.clock,
        this.options.sweepMs,
        () => mirror.sweep(),
        report('listing members'),
      ),
    ]
    this.changed()
  }

  /** Stops refreshing; with `leave`, also removes this node's entry at once. */
  async detach(leave: boolean): Promise<void> {
    for (const stop of this.stops) stop()
    this.stops = []
    this.mirror?.stop()
    this.mirror = null
    const kv = this.kv
    this.kv = null
    if (leave && kv && this.options.isConnected())
      await kv.delete(kvKey(this.options.self.name)).catch(() => {})
  }

  dispose(): void {
    this.changes.dispose()
  }

  private async refresh(): Promise<void> {
    if (!this.kv || !this.options.isConnected()) return
    await this.kv.put(kvKey(this.options.self.name), JSON.stringify(this.options.self))
  }

  private changed(): void {
    const mine = this.mirror?.entries.get(kvKey(this.options.self.name))
    if (mine && mine.value.instance !== this.options.self.instance)
      this.options.logger.error(
        `cluster: another running host also calls itself "${this.options.self.name}"; ` +
          'give each host its own --node-name',
      )
    this.changes.fire(this.members())
  }
}
