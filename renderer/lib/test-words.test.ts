import { describe, expect, it } from 'vitest'
import { frameTone, frameVerdict, stepWords } from './test-words'

describe('connection test words', () => {
  it('names what the preset made of each frame', () => {
    expect(frameVerdict({ kind: 'event', types: ['Death'] })).toBe('event: Death')
    expect(frameVerdict({ kind: 'event', types: ['a', 'b', 'c', 'd', 'e'] })).toBe(
      'events: a, b, c and 2 more',
    )
    expect(frameVerdict({ kind: 'heartbeat', types: [] })).toBe('heartbeat')
    expect(frameVerdict({ kind: 'invalid', types: [], message: 'not JSON' })).toBe(
      'unreadable: not JSON',
    )
  })

  it('says when each state came, after the start', () => {
    expect(stepWords({ state: 'connecting', at: 0 })).toBe('Connecting at once')
    expect(stepWords({ state: 'open', at: 120 })).toBe('Open after 120 ms')
    expect(stepWords({ state: 'closed', at: 2_340, message: 'stopped after 10 frames' })).toBe(
      'Closed after 2.3 s: stopped after 10 frames',
    )
  })

  it('colours an event typed unknown as a warning: its type path is wrong', () => {
    expect(frameTone({ kind: 'event', types: ['Death'] })).toBe('ok')
    expect(frameTone({ kind: 'event', types: ['Death', 'unknown'] })).toBe('warn')
    expect(frameTone({ kind: 'invalid', types: [] })).toBe('bad')
  })
})
