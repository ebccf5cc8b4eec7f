/**
 * A member's leases: it takes free sources up to its fair share (lease-plan.ts), renews what it
 * holds at a quarter of the TTL, gives up excess and unwanted sources, and notices at once when a
 * lease is no longer its own. The engine runs exactly the sources in `held` (`onDidChange`), so
 * only the holder connects upstream.
 *
 * A lease is one key per source in a bucket whose TTL is the lease's lifetime; taking it is a
 * create-if-absent, renewing it a compare-and-set on its revision, so two members can never both
 * succeed. Its **epoch** (the revision it was taken at) stamps every event the holder publishes:
 * readers ignore an event whose epoch is older than a lease they have seen begin (event-fence.ts).
 *
 * When NATS is away a holder keeps its sources (the host works alone). It knows its lease is
 * certainly still its own until `sentAt + ttl` (the server counts the TTL from when it stored the
 * last renewal, which is after it was sent), and stamps each event with whether it was received
 * inside that time. When NATS returns it renews at once: if the lease expired meanwhile and
 * nobody took it, it takes it again under a new epoch; if another member took it, it gives the
 * source up at once. Members that had no lease wait `graceMs` after (re)connecting before taking
 * free sources, so the holders from before the outage get theirs back first.
 */

import type { KV } from '@nats-io/kv'
import { errorText } from '../../../shared/utils/error-text'
import { Emitter } from '../../../shared/utils/emitter'
import type { Clock } from '../util/clock'
import type { Logger } from '../util/logger'
import { kvKey } from './cluster-names'
import { decodeRecord, leaseRecordSchema } from './cluster-records'
import type { LeaseChange } from './cluster-port'
import { planLeases } from './lease-plan'
import { isWrongLastSequence } from './nats-errors'
import type { LeaseTable } from './lease-table'
import { repeat } from './repeat'

export interface HeldLease {
  sourceId: string
  /** The revision the lease was taken at: constant while it is renewed. */
  epoch: number
  /** The revision of the last write (the next renewal's compare-and-set). */
  revision: number
  /** When (local clock) the last successful write was sent. */
  sentAt: number
}

/** What an event published now is stamped with. */
export interface LeaseStamp {
  epoch: number
  /** Received while the lease was certainly this node's. */
  inLease: boolean
}

export interface LeaseKeeperOptions {
  self: { name: string; instance: string }
  clock: Clock
  logger: Logger
  isConnected: () => boolean
  table: LeaseTable
  /** Names of the live members that may hold (role `member`). */
  memberNames: () => string[]
  /** How often the keeper renews what is due and plans (≤ a quarter of the TTL). */
  scanMs: number
}

/** Leases given up or lost are remembered this long, to stamp events still on their way out. */
const RECENT_LIMIT = 1_000

export class LeaseKeeper {
  private kv: KV | null = null
  private ttlMs = 0
  private graceUntil = 0
  private wanted: string[] = []
  private readonly held = new Map<string, HeldLease>()
  private readonly recent = new Map<string, HeldLease>()
  /** Wanted sources nobody held at the last plan, and since when. */
  private readonly freeSince = new Map<string, number>()
  private queue: Promise<void> = Promise.resolve()
  private stopLoop: (() => void) | null = null
  private readonly changes: Emitter<LeaseChange>
  readonly onDidChange
  private readonly acquired: Emitter<HeldLease>
  /** A lease began (taken, or taken again after it expired): its marker goes out first. */
  readonly onDidAcquire

  constructor(private readonly options: LeaseKeeperOptions) {
    this.changes = new Emitter<LeaseChange>(options.logger)
    this.onDidChange = this.changes.event
    this.acquired = new Emitter<HeldLease>(options.logger)
    this.onDidAcquire = this.acquired.event
    options.table.onDidChange(() => this.noticeTakeovers())
  }

  get renewMs(): number {
    return this.ttlMs / 4
  }

  attach(kv: KV, ttlMs: number): void {
    this.kv = kv
    this.ttlMs = ttlMs
    this.graceUntil = this.options.clock.now() + this.renewMs
    this.stopLoop = repeat(
      this.options.clock,
      this.options.scanMs,
      () => this.serial(() => this.tick()),
      (error) => {
        if (this.options.isConnected())
          this.options.logger.warn(`cluster: keeping leases failed: ${errorText(error)}`)
      },
    )
  }

  /** The sources that should be held by somebody. */
  setWanted(sourceIds: readonly string[]): void {
    this.wanted = [...new Set(sourceIds)]
  }

  heldSources(): string[] {
    return [...this.held.keys()].sort()
  }

  stamp(sourceId: string): LeaseStamp | null {
    const lease = this.held.get(sourceId) ?? this.recent.get(sourceId)
    if (!lease) return null
    return { epoch: lease.epoch, inLease: this.options.clock.now() <= lease.sentAt + this.ttlMs }
  }

  /** NATS came back: renew (or retake) what is held at once, and hold back from free sources. */
  reconnected(): void {
    this.graceUntil = this.options.clock.now() + this.renewMs
    void this.serial(() => this.renewDue(true)).catch(() => {})
  }

  /** Gives every lease up (a clean stop): the other members take the sources at once. */
  async releaseAll(): Promise<void> {
    await this.serial(async () => {
      const leases = [...this.held.values()]
      for (const lease of leases) this.drop(lease, 'released')
      if (this.kv && this.options.isConnected())
        await Promise.all(leases.map((lease) => this.deleteLease(lease)))
    })
  }

  detach(): void {
    this.stopLoop?.()
    this.stopLoop = null
    this.kv = null
  }

  dispose(): void {
    this.detach()
    this.changes.dispose()
    this.acquired.dispose()
  }

  private serial(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job)
    this.queue = run.catch(() => {})
    return run
  }

  private async tick(): Promise<void> {
    if (!this.kv || !this.options.isConnected()) return
    await this.renewDue(false)
    const now = this.options.clock.now()
    const taken = new Set([...this.options.table.holders().keys(), ...this.held.keys()])
    const longFree = new Set<string>()
    for (const sourceId of this.wanted) {
      if (taken.has(sourceId)) this.freeSince.delete(sourceId)
      else if (!this.freeSince.has(sourceId)) this.freeSince.set(sourceId, now)
      else if (now - this.freeSince.get(sourceId)! >= this.options.scanMs) longFree.add(sourceId)
    }
    for (const sourceId of this.freeSince.keys())
      if (!this.wanted.includes(sourceId)) this.freeSince.delete(sourceId)
    const plan = planLeases({
      self: this.options.self.name,
      wanted: this.wanted,
      held: new Set(this.held.keys()),
      taken,
      longFree,
      members: this.options.memberNames(),
      mayAcquire: now >= this.graceUntil,
    })
    for (const sourceId of plan.release) {
      const lease = this.held.get(sourceId)
      if (!lease) continue
      this.drop(lease, 'released')
      await this.deleteLease(lease)
    }
    for (const sourceId of plan.acquire) await this.acquire(sourceId)
  }

  private async renewDue(all: boolean): Promise<void> {
    const now = this.options.clock.now()
    const due = [...this.held.values()].filter((lease) => all || now - lease.sentAt >= this.renewMs)
    await Promise.all(due.map((lease) => this.renew(lease)))
  }

  private async renew(lease: HeldLease): Promise<void> {
    const kv = this.kv
    if (!kv || !this.options.isConnected()) return
    const sentAt = this.options.clock.now()
    try {
      const revision = await kv.update(
        kvKey(lease.sourceId),
        this.record(lease.sourceId),
        lease.revision,
      )
      if (this.held.get(lease.sourceId) === lease) Object.assign(lease, { revision, sentAt })
    } catch (error) {
      if (!isWrongLastSequence(error)) throw error
      // Not at our revision: expired (then it is free to take again), someone else's, or ours
      // still (a renewal whose answer was lost on the way back was stored all the same).
      const current = await kv.get(kvKey(lease.sourceId))
      if (this.held.get(lease.sourceId) !== lease) return
      if (!current || current.operation !== 'PUT') return this.retake(lease)
      const record = decodeRecord(current, leaseRecordSchema)
      if (
        record?.holder === this.options.self.name &&
        record.instance === this.options.self.instance
      )
        lease.revision = current.revision
      else this.drop(lease, 'lost')
    }
  }

  /** The lease expired while we could not renew, and nobody took it: take it again. */
  private async retake(lease: HeldLease): Promise<void> {
    const sentAt = this.options.clock.now()
    try {
      const revision = await this.kv!.create(kvKey(lease.sourceId), this.record(lease.sourceId))
      Object.assign(lease, { epoch: revision, revision, sentAt })
      this.options.logger.info(`cluster: took "${lease.sourceId}" again after its lease expired`)
      this.acquired.fire({ ...lease })
    } catch (error) {
      if (!isWrongLastSequence(error)) throw error
      this.drop(lease, 'lost')
    }
  }

  private async acquire(sourceId: string): Promise<void> {
    const sentAt = this.options.clock.now()
    try {
      const revision = await this.kv!.create(kvKey(sourceId), this.record(sourceId))
      const lease: HeldLease = { sourceId, epoch: revision, revision, sentAt }
      this.held.set(sourceId, lease)
      this.recent.delete(sourceId)
      this.acquired.fire({ ...lease })
      this.changes.fire({ held: this.heldSources(), gained: [sourceId], lost: [] })
    } catch (error) {
      // Another member was quicker: fine, the table will show it.
      if (!isWrongLastSequence(error)) throw error
    }
  }

  private async deleteLease(lease: HeldLease): Promise<void> {
    await this.kv?.delete(kvKey(lease.sourceId), { previousSeq: lease.revision }).catch(() => {}) // already expired or taken: nothing of ours left to remove
  }

  /** A lease we hold now shows another holder: stop at once, without waiting for a renewal. */
  private noticeTakeovers(): void {
    for (const lease of [...this.held.values()]) {
      const entry = this.options.table.lease(lease.sourceId)
      if (!entry || entry.revision <= lease.revision) continue
      const { holder, instance } = entry.value
      if (holder !== this.options.self.name || instance !== this.options.self.instance)
        this.drop(lease, 'lost')
    }
  }

  private drop(lease: HeldLease, why: 'lost' | 'released'): void {
    if (this.held.get(lease.sourceId) !== lease) return
    this.held.delete(lease.sourceId)
    this.recent.set(lease.sourceId, lease)
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value!)
    if (why === 'lost')
      this.options.logger.warn(`cluster: lost the lease of "${lease.sourceId}"; stopping it`)
    this.changes.fire({ held: this.heldSources(), gained: [], lost: [lease.sourceId] })
  }

  private record(sourceId: string): string {
    const { name, instance } = this.options.self
    return JSON.stringify({ sourceId, holder: name, instance })
  }
}
