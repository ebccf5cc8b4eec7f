/**
 * What users do to triggers (save, remove, snooze, enable, mark notifications read, backtest),
 * as config changes: every change is saved before the trigger engine adopts it.
 */

import type { Config } from '../../../shared/config'
import { VigilError } from '../../../shared/result'
import type { TriggerConfig, TriggerDraft } from '../../../shared/trigger-config'
import type { BacktestOptions, BacktestReport, TriggerView } from '../../../shared/trigger-views'
import type { Monitor } from '../monitor'
import { systemClock, type Clock } from '../util/clock'
import type { ConfigDocument } from '../settings/config-document'
import { runBacktest } from './backtest'
import { referenceIssues, withEnabled, withSnooze, withTrigger } from './trigger-edits'
import type { TriggerEngine } from './trigger-engine'

/** Buffered events a backtest looks through at most (per source). */
const MAX_BACKTEST_SCAN = 50_000

export interface NotificationsRead {
  ids: number[] | 'all'
  unread: number
}

/** Notifications marked read, or (`read: false`) unread again, and the unread count after. */
export type ReadStateChange =
  ({ read: true } & NotificationsRead) | { read: false; ids: number[]; unread: number }

export class TriggerCommands {
  constructor(
    private readonly document: ConfigDocument,
    private readonly triggers: TriggerEngine,
    private readonly monitor: Monitor,
    /** Tells every window that notifications were read or unread, so unread counts agree. */
    private readonly readStateChanged: (change: ReadStateChange) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Adds a trigger, or replaces the one with the same id; saved before it starts evaluating.
   * Saving re-arms a spent single shot, even when nothing in it changed.
   */
  save(trigger: TriggerConfig): Promise<TriggerView> {
    return this.document.mutate(async () => {
      const issues = referenceIssues(this.document.config, trigger)
      // A saved single shot is armed now: a deadline already behind it could only expire at once.
      // (A config loaded or imported with one is accepted: it expires once, see trigger-timers.ts.)
      if (trigger.deadline !== undefined && Date.parse(trigger.deadline) <= this.clock.now())
        issues.push({ path: 'deadline', message: 'the deadline has passed; set a later one' })
      if (issues.length > 0) {
        const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
        throw new VigilError('invalid-argument', message, issues)
      }
      await this.apply(withTrigger(this.document.config, trigger), trigger.id)
      return this.triggers.view(trigger.id)
    })
  }

  remove(id: string): Promise<null> {
    return this.edit(id, async (config) => {
      await this.apply({ ...config, triggers: config.triggers.filter((t) => t.id !== id) })
      return null
    })
  }

  /** Silences a trigger until `until` (epoch ms), or ends a snooze with null. Kept in the config. */
  snooze(id: string, until: number | null): Promise<TriggerView> {
    return this.edit(id, async (config) => {
      await this.apply(withSnooze(config, id, until))
      return this.triggers.view(id)
    })
  }

  /** Turns a trigger on or off (the list's switch, a notification's "Mute trigger"). */
  setEnabled(id: string, enabled: boolean): Promise<TriggerView> {
    return this.edit(id, async (config) => {
      await this.apply(withEnabled(config, id, enabled))
      return this.triggers.view(id)
    })
  }

  markNotificationsRead(ids: readonly number[] | 'all'): number {
    const log = this.triggers.notifications
    const changed = log.markRead(ids)
    if (changed > 0) {
      const marked = ids === 'all' ? 'all' : [...ids]
      this.readStateChanged({ read: true, ids: marked, unread: log.unreadCount() })
    }
    return changed
  }

  /** Marks notifications unread again (a notification's "Mark unread"). */
  markNotificationsUnread(ids: readonly number[]): number {
    const log = this.triggers.notifications
    const changed = log.markUnread(ids)
    if (changed > 0)
      this.readStateChanged({ read: false, ids: [...ids], unread: log.unreadCount() })
    return changed
  }

  /** Runs a draft over the newest `limit` buffered events of its sources and types. */
  backtest(draft: TriggerDraft, limit: number, options: BacktestOptions = {}): BacktestReport {
    const sources = draft.sources.length > 0 ? [...new Set(draft.sources)] : [undefined]
    const events = sources.flatMap((source) =>
      this.monitor.recentEvents({ ...(source ? { source } : {}), limit: MAX_BACKTEST_SCAN }),
    )
    return runBacktest(draft, events, limit, { ...options, now: this.clock.now() })
  }

  /** A change to an existing trigger; `not-found` when there is none with that id. */
  private edit<T>(id: string, change: (config: Config) => Promise<T>): Promise<T> {
    return this.document.mutate(() => {
      const config = this.document.config
      if (!config.triggers.some((t) => t.id === id))
        throw new VigilError('not-found', `no trigger with id "${id}"`)
      return change(config)
    })
  }

  /**
   * Saves `next`, then has the engine adopt it. `saved` names the trigger a user saved: it is
   * re-armed in the same step, so no event is evaluated in between against a spent shot.
   */
  private async apply(next: Config, saved?: string): Promise<void> {
    await this.document.commit(next)
    this.triggers.setTriggers(next.triggers)
    if (saved !== undefined) this.triggers.rearm(saved)
  }
}
