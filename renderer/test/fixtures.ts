import {
  emptySourceCounters,
  type EventBatch,
  type SourceView,
  type VigilEvent,
} from '../../shared/domain'

export function sourceView(overrides: Partial<SourceView> = {}): SourceView {
  return {
    id: 'demo',
    name: 'Demo',
    preset: 'generic',
    enabled: true,
    url: 'ws://127.0.0.1:9000/',
    state: 'open',
    attempt: 0,
    nextRetryAt: null,
    downSince: null,
    counters: emptySourceCounters(),
    lastEventAt: null,
    lastError: null,
    eventsPerSecond: 0,
    notices: [],
    ...overrides,
  }
}

export function vigilEvent(id: number, overrides: Partial<VigilEvent> = {}): VigilEvent {
  return {
    id,
    sourceId: 'demo',
    type: 'tick',
    receivedAt: 1_700_000_000_000 + id,
    payload: { n: id },
    ...overrides,
  }
}

/** Events `from`..`to` inclusive, oldest first, as a batch carries them. */
export function eventRange(from: number, to: number): VigilEvent[] {
  const out: VigilEvent[] = []
  for (let id = from; id <= to; id++) out.push(vigilEvent(id))
  return out
}

export function batch(events: VigilEvent[], extra: Partial<EventBatch> = {}): EventBatch {
  return { events, dropped: 0, stats: [], ...extra }
}

/** A promise with its settle functions outside, to hold a snapshot in flight. */
export function deferred<T>(): {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (error: Error) => void
} {
  let resolve!: (value: T) => void
  let reject!: (error: Error) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
