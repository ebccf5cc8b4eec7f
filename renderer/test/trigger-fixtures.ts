import type { NotificationView } from '../../shared/domain'
import type { BacktestReport, TriggerView } from '../../shared/trigger-views'

export function triggerView(overrides: Partial<TriggerView> = {}): TriggerView {
  return {
    id: 'headshots',
    name: 'Headshots',
    enabled: true,
    sources: ['demo'],
    events: ['Death'],
    condition: { all: [{ field: 'payload.is_headshot', op: 'is-true' }] },
    actions: [{ type: 'notify', title: 'Headshot', body: '', urgency: 'normal' }],
    noise: { quietHours: [] },
    mode: 'every',
    counters: { evaluated: 0, matched: 0, fired: 0, suppressed: {}, lastFiredAt: null },
    spent: false,
    actionFailures: 0,
    lastActionFailure: null,
    ...overrides,
  }
}

export function notificationView(
  id: number,
  overrides: Partial<NotificationView> = {},
): NotificationView {
  return {
    id,
    triggerId: 'headshots',
    eventId: 1_000 + id,
    sourceId: 'demo',
    title: `Notification ${id}`,
    body: 'body',
    urgency: 'normal',
    firedAt: 1_700_000_000_000 + id * 1_000,
    read: false,
    ...overrides,
  }
}

export function backtestReport(overrides: Partial<BacktestReport> = {}): BacktestReport {
  return {
    scanned: 0,
    from: null,
    to: null,
    matched: 0,
    fired: 0,
    suppressed: {},
    notifications: 0,
    digests: 0,
    matches: [],
    misses: [],
    summary: { events: 0, leaves: [] },
    predictedPerHour: null,
    prediction: { events: 0, matched: 0, spanMs: 0, matchesPerHour: 0, limitPerHour: null },
    ...overrides,
  }
}
