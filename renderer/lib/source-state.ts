import type { SourceState, SourceView } from '../../shared/domain'
import { formatWhen } from './format'

/** How a state looks: a tone picks the colour, and the words always say it too. */
export type StateTone = 'ok' | 'busy' | 'warn' | 'bad' | 'off'

const presentation: Record<SourceState, { label: string; tone: StateTone }> = {
  idle: { label: 'Idle', tone: 'off' },
  connecting: { label: 'Connecting', tone: 'busy' },
  authenticating: { label: 'Authenticating', tone: 'busy' },
  open: { label: 'Open', tone: 'ok' },
  stale: { label: 'Stale', tone: 'warn' },
  reconnecting: { label: 'Reconnecting', tone: 'warn' },
  failed: { label: 'Failed', tone: 'bad' },
  closed: { label: 'Closed', tone: 'off' },
}

export function stateLabel(state: SourceState): string {
  return presentation[state].label
}

export function stateTone(state: SourceState): StateTone {
  return presentation[state].tone
}

/**
 * The extra words a state needs: which attempt a retry is on, when it tries next, and for a
 * failed source since when it has been down.
 */
export function stateDetail(
  view: Pick<SourceView, 'state' | 'attempt' | 'nextRetryAt' | 'downSince'>,
): string | null {
  if (view.state !== 'reconnecting' && view.state !== 'failed' && view.state !== 'stale')
    return null
  const parts: string[] = []
  if (view.state === 'failed' && view.downSince !== null)
    parts.push(`down since ${formatWhen(view.downSince)}`)
  if (view.attempt > 0) parts.push(`attempt ${view.attempt}`)
  if (view.nextRetryAt !== null) parts.push(`next try ${formatWhen(view.nextRetryAt)}`)
  return parts.length > 0 ? parts.join(', ') : null
}

/** Whether Connect makes sense now; otherwise the row offers Disconnect. */
export function isDisconnected(state: SourceState): boolean {
  return state === 'idle' || state === 'closed'
}

/** Whether Retry now applies: the source is down and waiting for its next try. */
export function canRetry(state: SourceState): boolean {
  return state === 'reconnecting' || state === 'stale' || state === 'failed'
}
