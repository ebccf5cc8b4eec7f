import type { HistoryStatus } from '../../shared/history-status'
import { formatCount } from './format'

export interface Banner {
  title: string
  text: string
}

const events = (count: number) => `${formatCount(count)} ${count === 1 ? 'event' : 'events'}`

/**
 * What the app-wide banner says about history, or null when there is nothing to say: events are
 * being stored, or sources are merely being slowed (nothing is lost then).
 */
export function historyBanner(status: HistoryStatus | null): Banner | null {
  if (!status) return null
  const lost = status.notStoredByReason
  if (status.state === 'failing' && status.lastError) {
    const { reason, message } = status.lastError
    const count = events(lost[reason] ?? 0)
    if (reason === 'disk-full') {
      return {
        title: 'History is not being stored:',
        text:
          `the disk is full (${count} not stored). Sources and triggers go on, and history ` +
          'starts again by itself once there is room: free some space, or lower the history ' +
          'size limit in Settings.',
      }
    }
    return {
      title: 'History is not being stored:',
      text: `writing failed (${message}; ${count} not stored). Vigil keeps trying.`,
    }
  }
  if (status.state === 'behind' && (lost.behind ?? 0) > 0) {
    return {
      title: 'History is skipping events:',
      text:
        `they arrive faster than the disk takes them (${events(lost.behind!)} not stored so ` +
        'far). Live views and triggers still see every event.',
    }
  }
  return null
}
