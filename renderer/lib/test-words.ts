import type { SourceTestStep, TestFrame, TestFrameKind } from '../../shared/source-test'
import { UNKNOWN_TYPE } from '../../shared/unknown-type'
import type { StateTone } from './source-state'

/** How a connection test shows what the preset made of a frame: words and a colour tone. */
const KINDS: Record<TestFrameKind, { label: string; tone: StateTone }> = {
  event: { label: 'event', tone: 'ok' },
  heartbeat: { label: 'heartbeat', tone: 'off' },
  control: { label: 'control', tone: 'off' },
  error: { label: 'server error', tone: 'bad' },
  duplicate: { label: 'duplicate (dropped)', tone: 'off' },
  ignored: { label: 'ignored', tone: 'off' },
  invalid: { label: 'unreadable', tone: 'bad' },
  'login-reply': { label: 'login reply', tone: 'busy' },
  'ping-reply': { label: 'ping reply', tone: 'off' },
}

export function frameKind(kind: TestFrameKind): { label: string; tone: StateTone } {
  return KINDS[kind]
}

/** The colour of a frame's verdict: an event typed `unknown` is a warning (a wrong type path). */
export function frameTone(frame: Pick<TestFrame, 'kind' | 'types'>): StateTone {
  if (frame.kind === 'event' && frame.types.includes(UNKNOWN_TYPE)) return 'warn'
  return KINDS[frame.kind].tone
}

/** An event frame's types, or what else the frame was: "event: Death", "heartbeat". */
export function frameVerdict(frame: Pick<TestFrame, 'kind' | 'types' | 'message'>): string {
  const { label } = frameKind(frame.kind)
  if (frame.kind === 'event' && frame.types.length > 0) {
    const shown = frame.types.slice(0, 3).join(', ')
    const more = frame.types.length > 3 ? ` and ${frame.types.length - 3} more` : ''
    return `${frame.types.length === 1 ? 'event' : 'events'}: ${shown}${more}`
  }
  return frame.message ? `${label}: ${frame.message}` : label
}

const STEPS: Record<SourceTestStep['state'], string> = {
  connecting: 'Connecting',
  authenticating: 'Logging in',
  open: 'Open',
  closed: 'Closed',
}

/** "Open after 120 ms". */
export function stepWords(step: SourceTestStep): string {
  const when = step.at === 0 ? 'at once' : `after ${formatMs(step.at)}`
  return `${STEPS[step.state]} ${when}${step.message ? `: ${step.message}` : ''}`
}

function formatMs(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`
}
