/**
 * A trigger's mode and the keys that go with it (shared/trigger-timing.ts checks them): switching
 * the mode takes away the keys the new mode cannot have and gives the ones it needs, so the draft
 * stays one the schema accepts. Also the local-time text a `datetime-local` input shows for a
 * deadline, and back.
 */

import { defaultOnExpireText } from '../../shared/notify-text'
import type { TriggerMode } from '../../shared/trigger-config'
import { toLocalInput as localInputOf } from './snooze-times'
import type { Draft } from './trigger-draft'

/** An absence trigger starts with five minutes of silence. */
export const DEFAULT_ABSENCE_SECONDS = 300
/** A wait-for starts with an hour. */
export const DEFAULT_EXPIRE_SECONDS = 3_600

type Timed = 'absence' | 'deadline' | 'expireAfterSeconds' | 'onExpire'

function without(draft: Draft, keys: readonly Timed[]): Draft {
  const next = { ...draft }
  for (const key of keys) delete next[key]
  return next
}

export function withMode(draft: Draft, mode: TriggerMode): Draft {
  if (mode === 'absence') {
    const next = without(draft, ['deadline', 'expireAfterSeconds', 'onExpire'])
    return { ...next, mode, absence: draft.absence ?? { seconds: DEFAULT_ABSENCE_SECONDS } }
  }
  if (mode === 'single-shot') return { ...without(draft, ['absence']), mode }
  return { ...without(draft, ['absence', 'deadline', 'expireAfterSeconds', 'onExpire']), mode }
}

/** Whether the single shot waits with a deadline. */
export const hasDeadline = (draft: Draft): boolean =>
  draft.deadline !== undefined || draft.expireAfterSeconds !== undefined

/** Turns the wait on (within an hour, with the default "did not happen" text) or off. */
export function withWait(draft: Draft, wait: boolean): Draft {
  const cleared = without(draft, ['deadline', 'expireAfterSeconds', 'onExpire'])
  if (!wait) return cleared
  return {
    ...cleared,
    expireAfterSeconds: DEFAULT_EXPIRE_SECONDS,
    onExpire: draft.onExpire ?? { ...defaultOnExpireText(), urgency: 'normal' },
  }
}

/** "By a time" or "within a while": one kind of deadline replaces the other. */
export function withDeadlineKind(draft: Draft, kind: 'by' | 'within', now: number): Draft {
  const cleared = without(draft, ['deadline', 'expireAfterSeconds'])
  if (kind === 'within') {
    const seconds = draft.deadline
      ? Math.max(60, Math.round((Date.parse(draft.deadline) - now) / 60_000) * 60)
      : DEFAULT_EXPIRE_SECONDS
    return { ...cleared, expireAfterSeconds: seconds }
  }
  const at = now + (draft.expireAfterSeconds ?? DEFAULT_EXPIRE_SECONDS) * 1_000
  // A whole minute, as the time input shows it.
  return { ...cleared, deadline: new Date(Math.ceil(at / 60_000) * 60_000).toISOString() }
}

/** An ISO time as a `datetime-local` value in local time (`2030-01-01T22:00`). */
export function toLocalInput(iso: string): string {
  const at = Date.parse(iso)
  return Number.isNaN(at) ? '' : localInputOf(at)
}

/** A `datetime-local` value (local time) as the ISO time config v1 keeps; null if it is none. */
export function fromLocalInput(value: string): string | null {
  if (value === '') return null
  const at = new Date(value)
  return Number.isNaN(at.getTime()) ? null : at.toISOString()
}
