import { describe, expect, it } from 'vitest'
import type { SourceCounters } from '../../../shared/domain'
import type { FrameClassifier } from '../presets'
import { ManualClock } from '../testing/manual-clock'
import { PresetLink } from './preset-link'

function link() {
  const seen: string[] = []
  const counters = { duplicates: 0, ignored: 0 } as SourceCounters
  const preset = new PresetLink({
    clock: new ManualClock(),
    counters,
    event: (type, _payload, at) => seen.push(`event:${type}@${at}`),
    error: (message) => seen.push(`error:${message}`),
    unreadable: (message) => seen.push(`unreadable:${message}`),
    touched: () => {},
    noticed: () => {},
    noHeartbeat: () => {},
    unhealthy: (message) => seen.push(`unhealthy:${message}`),
  })
  return { preset, seen }
}

const raw = Buffer.from('{}')

describe('PresetLink', () => {
  it('reports a classifier that throws and goes on with the next frame', () => {
    const { preset, seen } = link()
    const classifier: FrameClassifier = {
      classify(frame, sink) {
        if ((frame as { bad?: boolean }).bad) throw new TypeError('Cannot convert object')
        sink.event('ok', frame)
      },
    }
    expect(() => preset.classify(classifier, { bad: true }, 1, raw)).not.toThrow()
    preset.classify(classifier, {}, 2, raw)
    expect(seen).toEqual([
      'unreadable:the preset could not read a frame: Cannot convert object',
      'event:ok@2',
    ])
  })

  it('describes whatever was thrown without throwing again', () => {
    const { preset, seen } = link()
    const classifier: FrameClassifier = {
      classify() {
        // A thrown value on which String() itself throws.
        throw JSON.parse('{"toString":1}')
      },
    }
    preset.classify(classifier, {}, 1, raw)
    expect(seen).toEqual([
      'unreadable:the preset could not read a frame: a value that is not an Error was thrown',
    ])
  })
})
