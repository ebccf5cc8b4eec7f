/**
 * Who holds which source: the leases bucket as every node (viewers too) sees it. It answers
 * `holderOf`, fills `leases` in `GET /api/cluster`, and tells when a source changes hands (the
 * `vigil` event `source-moved`). Expired leases leave it at the next sweep (see KvMirror).
 */

import type { KV } from '@nats-io/kv'
import { errorText } from '../../../shared/utils/error-text'
import { Emitter } from '../../../shared/utils/emitter'
import type { Clock } from '../util/clock'
import type { Logger } from '../util/logger'
import { kvKey } from './cluster-names'
import { decodeRecord, leaseRecordSchema, type LeaseRecord } from './cluster-records'
import type { SourceMove } from './cluster-port'
import { KvMirror, type MirroredEntry } from './kv-mirror'
import { repeat } from './repeat'

export interface LeaseTableOptions {
  clock: Clock
  logger: Logger
  isConnected: () => boolean
  /** How often expired leases are noticed: part of the failover time. */
  sweepMs: number
}

export class LeaseTable {
  private mirror: KvMirror<LeaseRecord> | null = null
  private stopSweep: (() => void) | null = null
  private known = new Map<string, string>()
  private readonly moves: Emitter<SourceMove>
  readonly onDidMove
  private readonly changes: Emitter<void>
  /** Any lease was taken, renewed by another instance, released or expired. */
  readonly onDidChange

  constructor(private readonly options: LeaseTableOptions) {
    this.moves = new Emitter<SourceMove>(options.logger)
    this.onDidMove = this.moves.event
    this.changes = new Emitter<void>(options.logger)
    this.onDidChange = this.changes.event
  }

  async attach(kv: KV): Promise<void> {
    const mirror = new KvMirror(
      kv,
      'leases',
      (entry) => decodeRecord(entry, leaseRecordSchema),
      this.options.logger,
    )
    this.mirror = mirror
    mirror.onDidChange(() => this.changed())
    await mirror.start()
    this.stopSweep = repeat(
      this.options.clock,
      this.options.sweepMs,
      () => mirror.sweep(),
      (error) => {
        if (this.options.isConnected())
          this.options.logger.warn(`cluster: listing leases failed: ${errorText(error)}`)
      },
    )
    this.changed()
  }

  detach(): void {
    this.stopSweep?.()
    this.stopSweep = null
    this.mirror?.stop()
    this.mirror = null
  }

  /** Runs a sweep now (the keeper does before it plans). */
  async sweep(): Promise<void> {
    await this.mirror?.sweep()
  }

  /** The live lease of `sourceId`, with its KV revision. */
  lease(sourceId: string): MirroredEntry<LeaseRecord> | undefined {
    return this.mirror?.entries.get(kvKey(sourceId))
  }

  holderOf(sourceId: string): string | null {
    return this.known.get(sourceId) ?? null
  }

  /** Source id → holder name, for every live lease. */
  holders(): ReadonlyMap<string, string> {
    return this.known
  }

  dispose(): void {
    this.detach()
    this.moves.dispose()
    this.changes.dispose()
  }

  private changed(): void {
    const next = new Map<string, string>()
    for (const { value } of this.mirror?.entries.values() ?? [])
      next.set(value.sourceId, value.holder)
    const previous = this.known
    this.known = next
    for (const [sourceId, holder] of next) {
      const from = previous.get(sourceId) ?? null
      if (from !== holder) this.moves.fire({ sourceId, from, to: holder })
    }
    for (const [sourceId, holder] of previous)
      if (!next.has(sourceId)) this.moves.fire({ sourceId, from: holder, to: null })
    this.changes.fire()
  }
}
