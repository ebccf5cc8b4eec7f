/**
 * Noise control for one trigger: decides whether a match fires or is suppressed, and why. It is
 * plain state over times passed in, with no timers of its own, so the live engine and backtests
 * (which replay old events at their own times) share it exactly.
 *
 * Checks run in this order, and the first that applies names the reason: single shot spent,
 * snoozed, quiet hours (skipped by triggers with a critical notification), dedupe, cooldown,
 * rate limit. Only a firing starts a cooldown or takes a rate slot; dedupe remembers every match
 * that reaches it, so a repeat is a repeat whatever happened to the first.
 */

import { compactKey } from '../../../shared/compact-key'
import { MAX_HELD_BACK_IDS, type SuppressionReason, type VigilEvent } from '../../../shared/domain'
import type { Template } from '../../../shared/templates'
import { isQuiet, type QuietWindow } from './quiet-hours'

export interface NoiseSettings {
  singleShot: boolean
  /** Epoch ms, or null. */
  snoozeUntil: number | null
  quietHours: readonly QuietWindow[]
  /** True when a critical notification should get through quiet hours. */
  critical: boolean
  dedupeMs?: number
  /** Absent: the event's source, type and payload. */
  dedupeKey?: Template
  cooldownMs?: number
  /** Absent: one cooldown for the whole trigger. */
  cooldownKey?: Template
  maxPerMinute?: number
}

/** Matches the rate limit held back in one window, summed up in one notification. */
export interface Digest {
  count: number
  lastEvent: VigilEvent
  /** The first MAX_HELD_BACK_IDS held-back events' ids, oldest first (the UI lists them). */
  eventIds: number[]
}

export const RATE_WINDOW_MS = 60_000
/**
 * Keys remembered per map (cooldown, dedupe); expired ones go first, then the oldest. Keys are
 * rendered from events, so long ones are kept as a digest (shared/compact-key.ts).
 */
const MAX_KEYS = 10_000

export class NoiseState {
  /** A single-shot trigger that has fired. */
  spent = false
  private readonly cooldowns = new Map<string, number>()
  private readonly seen = new Map<string, number>()
  private windowStart: number | null = null
  private firedInWindow = 0
  private heldInWindow = 0
  private lastHeld: VigilEvent | undefined
  private heldIds: number[] = []
  /** Closed windows that held matches back, waiting to become digest notifications. */
  readonly digests: Digest[] = []

  constructor(
    public settings: NoiseSettings,
    private readonly scope: { id: string; name: string },
  ) {}

  /** Null: fire. Otherwise the reason the match is suppressed. */
  decide(event: VigilEvent, now: number): SuppressionReason | null {
    const settings = this.settings
    if (settings.singleShot && this.spent) return 'single-shot-spent'
    if (settings.snoozeUntil !== null && now < settings.snoozeUntil) return 'snoozed'
    if (!settings.critical && isQuiet(settings.quietHours, now)) return 'quiet-hours'
    if (settings.dedupeMs !== undefined) {
      const key = compactKey(
        settings.dedupeKey
          ? this.render(settings.dedupeKey, event)
          : `${event.sourceId}\u0000${event.type}\u0000${JSON.stringify(event.payload)}`,
      )
      const until = this.seen.get(key)
      if (until !== undefined && now < until) return 'dedupe'
      remember(this.seen, key, now + settings.dedupeMs, now)
    }
    let cooldownKey: string | undefined
    if (settings.cooldownMs !== undefined) {
      cooldownKey = settings.cooldownKey ? compactKey(this.render(settings.cooldownKey, event)) : ''
      const until = this.cooldowns.get(cooldownKey)
      if (until !== undefined && now < until) return 'cooldown'
    }
    if (settings.maxPerMinute !== undefined) {
      this.roll(now)
      if (this.firedInWindow >= settings.maxPerMinute) {
        this.heldInWindow++
        this.lastHeld = event
        if (this.heldIds.length < MAX_HELD_BACK_IDS) this.heldIds.push(event.id)
        return 'rate-limit'
      }
      this.windowStart ??= now
      this.firedInWindow++
    }
    if (cooldownKey !== undefined)
      remember(this.cooldowns, cooldownKey, now + settings.cooldownMs!, now)
    if (settings.singleShot) this.spent = true
    return null
  }

  /** When the current window's digest is due (null when nothing has been held back). */
  digestDueAt(): number | null {
    return this.heldInWindow > 0 && this.windowStart !== null
      ? this.windowStart + RATE_WINDOW_MS
      : null
  }

  /** Closes the rate window if it has ended, moving its held-back count to `digests`. */
  roll(now: number): void {
    if (this.windowStart === null || now < this.windowStart + RATE_WINDOW_MS) return
    if (this.heldInWindow > 0 && this.lastHeld)
      this.digests.push({
        count: this.heldInWindow,
        lastEvent: this.lastHeld,
        eventIds: this.heldIds,
      })
    this.windowStart = null
    this.firedInWindow = 0
    this.heldInWindow = 0
    this.lastHeld = undefined
    this.heldIds = []
  }

  takeDigests(): Digest[] {
    return this.digests.splice(0)
  }

  private render(template: Template, event: VigilEvent): string {
    return template.render({ event, trigger: this.scope })
  }
}

function remember(map: Map<string, number>, key: string, until: number, now: number): void {
  map.delete(key)
  map.set(key, until)
  if (map.size <= MAX_KEYS) return
  for (const [candidate, expires] of map) if (expires <= now) map.delete(candidate)
  // Still full of live keys: drop the oldest tenth at once, so the scan above stays rare.
  while (map.size > MAX_KEYS * 0.9) {
    const oldest = map.keys().next()
    if (oldest.done) break
    map.delete(oldest.value)
  }
}
