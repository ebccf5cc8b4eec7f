import type { SourceTimelineEntry, SourceTimelineReason } from '../../shared/source-timeline'

/** Why a source changed state, in words (see shared/source-timeline.ts). */
const REASONS: Record<SourceTimelineReason, string> = {
  start: 'Vigil started it',
  connect: 'connected by you',
  retry: 'Retry now',
  'retry-due': 'automatic retry',
  edit: 'settings changed',
  rollback: 'new settings did not open; back to the old ones',
  secret: 'a secret it uses was stored',
  'login-sent': 'login sent',
  opened: 'connection opened',
  ended: 'connection ended',
  'dead-channel': 'down too long',
  disconnect: 'disconnected by you',
  disable: 'saved as not connected at start',
}

export function reasonWords(reason: SourceTimelineReason): string {
  return REASONS[reason]
}

/** The extras worth a word beside the reason: which attempt it was, and the error. */
export function entryDetail(entry: SourceTimelineEntry): string | null {
  const parts: string[] = []
  if (entry.attempt > 0) parts.push(`attempt ${entry.attempt}`)
  if (entry.error) parts.push(entry.error.message)
  return parts.length > 0 ? parts.join(' · ') : null
}
