/**
 * Which notifications are read, shared by every host: marking one read on a desktop clears it
 * (and the badge) on the others. One KV entry per notification key (`n.<key>`), plus `all`, the
 * time up to which "mark all read" was applied (every notification fired until then is read,
 * whichever host fired it). The bucket's TTL is the notifications stream's retention, so the
 * state of a notification goes when the notification does.
 *
 * Snoozing is a trigger's setting (`noise.snoozeUntil`), so it is shared with the config.
 */

import type { KV } from '@nats-io/kv'
import { errorText } from '../../../shared/utils/error-text'
import { Emitter } from '../../../shared/utils/emitter'
import type { Logger } from '../util/logger'
import { decodeRecord, readRecordSchema } from './cluster-records'
import type { ReadChange } from './cluster-port'
import { isWrongLastSequence } from './nats-errors'

const ALL_KEY = 'all'

export class ReadState {
  private kv: KV | null = null
  private readonly read = new Map<string, boolean>()
  private allUpTo = 0
  private stopWatch: (() => void) | null = null
  private readonly changes: Emitter<ReadChange>
  readonly onDidChange

  constructor(private readonly logger: Logger) {
    this.changes = new Emitter<ReadChange>(logger)
    this.onDidChange = this.changes.event
  }

  isRead(key: string, firedAt: number): boolean {
    return this.read.get(key) ?? firedAt <= this.allUpTo
  }

  async attach(kv: KV): Promise<void> {
    this.kv = kv
    const iterator = await kv.watch()
    this.stopWatch = () => iterator.stop()
    void (async () => {
      for await (const entry of iterator) {
        if (entry.operation !== 'PUT') continue
        const record = decodeRecord(entry, readRecordSchema)
        if (!record) continue
        if (entry.key === ALL_KEY) {
          if (record.upTo !== undefined && record.upTo > this.allUpTo) {
            this.allUpTo = record.upTo
            this.changes.fire({ allFiredUpTo: record.upTo })
          }
        } else if (entry.key.startsWith('n.')) {
          const key = entry.key.slice(2)
          if (this.read.get(key) === record.read) continue
          this.read.set(key, record.read)
          this.changes.fire({ key, read: record.read })
        }
      }
    })().catch((error: unknown) =>
      this.logger.error(`cluster: watching read state failed: ${errorText(error)}`),
    )
  }

  async mark(change: ReadChange): Promise<void> {
    if (!this.kv) throw new Error('the cluster is not connected yet')
    if ('allFiredUpTo' in change) await this.markAll(this.kv, change.allFiredUpTo)
    else await this.kv.put(`n.${change.key}`, JSON.stringify({ read: change.read }))
  }

  /** Moves `all` forward only: two hosts marking all read at once keep the later time. */
  private async markAll(kv: KV, upTo: number): Promise<void> {
    const value = JSON.stringify({ read: true, upTo })
    for (let attempt = 0; attempt < 5; attempt++) {
      const entry = await kv.get(ALL_KEY)
      const current = entry?.operation === 'PUT' ? decodeRecord(entry, readRecordSchema) : null
      if (current?.upTo !== undefined && current.upTo >= upTo) return
      try {
        if (entry) await kv.update(ALL_KEY, value, entry.revision)
        else await kv.create(ALL_KEY, value)
        return
      } catch (error) {
        if (!isWrongLastSequence(error)) throw error
      }
    }
    throw new Error('"mark all read" kept meeting other hosts\' writes; try again')
  }

  detach(): void {
    this.stopWatch?.()
    this.stopWatch = null
    this.kv = null
  }

  dispose(): void {
    this.detach()
    this.changes.dispose()
  }
}
