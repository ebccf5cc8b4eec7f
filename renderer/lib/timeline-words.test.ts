import { describe, expect, it } from 'vitest'
import type { SourceTimelineEntry } from '../../shared/source-timeline'
import { entryDetail, reasonWords } from './timeline-words'

const entry = (overrides: Partial<SourceTimelineEntry>): SourceTimelineEntry => ({
  at: 1,
  state: 'reconnecting',
  reason: 'ended',
  attempt: 0,
  error: null,
  nextRetryAt: null,
  ...overrides,
})

describe('timeline words', () => {
  it('words each reason for people', () => {
    expect(reasonWords('retry')).toBe('Retry now')
    expect(reasonWords('retry-due')).toBe('automatic retry')
    expect(reasonWords('ended')).toBe('connection ended')
  })

  it('adds the attempt and the error where there are any', () => {
    expect(entryDetail(entry({}))).toBeNull()
    expect(entryDetail(entry({ attempt: 3 }))).toBe('attempt 3')
    expect(
      entryDetail(
        entry({
          attempt: 2,
          error: { kind: 'network', message: 'nothing is listening at 127.0.0.1:18777' },
        }),
      ),
    ).toBe('attempt 2 · nothing is listening at 127.0.0.1:18777')
  })
})
