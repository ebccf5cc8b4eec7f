/**
 * What the tray shows, as plain data: the icon's status, the tooltip, and the menu's model. Kept
 * free of Electron so every combination of source states is tested directly.
 */

import type { NotificationView, SourceState, SourceView } from '../../shared/domain'

/**
 * The worst news first: `failed` (any source failed), `degraded` (any stale or reconnecting),
 * `paused` (sources are configured but the user closed every one), else `ok`. Connecting counts as
 * `ok`: every start passes through it, and a source that cannot connect becomes `reconnecting`.
 */
export type TrayStatus = 'ok' | 'degraded' | 'failed' | 'paused'

export const TRAY_STATUSES: readonly TrayStatus[] = ['ok', 'degraded', 'failed', 'paused']

type SourceSummary = Pick<SourceView, 'enabled' | 'state'>

const ACTIVE: ReadonlySet<SourceState> = new Set([
  'connecting',
  'authenticating',
  'open',
  'stale',
  'reconnecting',
  'failed',
])

export function trayStatus(sources: readonly SourceSummary[]): TrayStatus {
  if (sources.some((s) => s.state === 'failed')) return 'failed'
  if (sources.some((s) => s.state === 'stale' || s.state === 'reconnecting')) return 'degraded'
  if (isPaused(sources)) return 'paused'
  return 'ok'
}

/** Paused: at least one enabled source, and none of them active. */
export function isPaused(sources: readonly SourceSummary[]): boolean {
  const enabled = sources.filter((s) => s.enabled)
  return enabled.length > 0 && enabled.every((s) => !ACTIVE.has(s.state))
}

const STATE_WORDS: Record<SourceState, string> = {
  open: 'open',
  connecting: 'connecting',
  authenticating: 'connecting',
  stale: 'stale',
  reconnecting: 'reconnecting',
  failed: 'failed',
  closed: 'paused',
  idle: 'off',
}
// The order states are listed in the tooltip: problems first.
const WORD_ORDER = ['failed', 'reconnecting', 'stale', 'connecting', 'open', 'paused', 'off']

/**
 * "Vigil: 3 sources (1 failed, 2 open), 4 unread". Windows cuts tooltips at 127 characters, so the
 * summary counts states rather than naming sources.
 */
export function trayTooltip(sources: readonly SourceSummary[], unread: number): string {
  const counts = new Map<string, number>()
  for (const { state } of sources) {
    const word = STATE_WORDS[state]
    counts.set(word, (counts.get(word) ?? 0) + 1)
  }
  const parts = WORD_ORDER.filter((word) => counts.has(word)).map(
    (word) => `${counts.get(word)} ${word}`,
  )
  const summary =
    sources.length === 0
      ? 'no sources'
      : `${plural(sources.length, 'source')} (${parts.join(', ')})`
  const unreadText = unread > 0 ? `, ${unread} unread` : ''
  return `Vigil: ${summary}${unreadText}`
}

export interface TrayMenuModel {
  status: TrayStatus
  /** The one pause/resume entry: resume when paused, pause when anything is active, else none. */
  toggle: 'pause' | 'resume' | null
  notifications: { notification: NotificationView; label: string }[]
  unread: number
}

/** How many notifications the tray menu lists. */
export const TRAY_NOTIFICATIONS = 5
const LABEL_MAX = 60

export function trayMenuModel(
  sources: readonly SourceSummary[],
  recent: readonly NotificationView[],
  unread: number,
): TrayMenuModel {
  const status = trayStatus(sources)
  const anyActive = sources.some((s) => ACTIVE.has(s.state))
  return {
    status,
    toggle: isPaused(sources) ? 'resume' : anyActive ? 'pause' : null,
    notifications: recent.slice(0, TRAY_NOTIFICATIONS).map((notification) => ({
      notification,
      label: notificationLabel(notification),
    })),
    unread,
  }
}

function notificationLabel({ title, read }: NotificationView): string {
  const text = title.length > LABEL_MAX ? `${title.slice(0, LABEL_MAX - 1)}…` : title
  // Menu labels treat "&" as an accelerator marker on Windows and Linux: double it to show one.
  return `${read ? '' : '• '}${text.replaceAll('&', '&&')}`
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}
