import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import type { EventSink } from '../event-flow'
import type { FrameClassifier } from '../presets'
import { testReaderParts } from '../testing/reader-parts'
import { SourceReader } from './source-reader'

function link() {
  const seen: string[] = []
  const bytes: number[] = []
  const events: EventSink = {
    ingest: (_source, type, _payload, at, size) => {
      seen.push(`event:${type}@${at}`)
      bytes.push(size)
    },
    frame: () => {},
  }
  const parts = testReaderParts(events)
  const { metrics } = parts
  // Errors the reader records are what PresetLink's `unreadable` reported.
  const host = {
    touched: () => seen.push(`unreadable:${metrics.lastError!.message}`),
    noticed: () => {},
    unhealthy: (message: string) => seen.push(`unhealthy:${message}`),
  }
  const preset = new SourceReader('src', { classify() {} }, [], parts, host)
  return { preset, seen, bytes }
}

const raw = Buffer.from('{}')

describe('SourceReader', () => {
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

  it('shares a frame of several events among them, adding up to its size exactly', () => {
    const { preset, seen, bytes } = link()
    // A PI Web API frame flattens into one event per value.
    const values: FrameClassifier = {
      classify(frame, sink) {
        for (const value of frame as number[]) sink.event('value', value)
      },
    }
    preset.classify(values, [1, 2, 3], 5, Buffer.alloc(1_000))
    preset.classify(values, [4], 6, Buffer.alloc(300))
    expect(seen).toEqual(['event:value@5', 'event:value@5', 'event:value@5', 'event:value@6'])
    expect(bytes).toEqual([334, 333, 333, 300])
  })

  it('hands on the events a classifier gave before it threw, with the whole frame among them', () => {
    const { preset, seen, bytes } = link()
    const partial: FrameClassifier = {
      classify(_frame, sink) {
        sink.event('first', 1)
        throw new Error('stopped half-way')
      },
    }
    preset.classify(partial, {}, 1, Buffer.alloc(80))
    expect(seen).toEqual([
      'unreadable:the preset could not read a frame: stopped half-way',
      'event:first@1',
    ])
    expect(bytes).toEqual([80])
  })

  it('holds no payload once a frame is handed on, whether it held one event or many', async () => {
    const { preset, seen } = link()
    const each: FrameClassifier = {
      classify(frame, sink) {
        for (const payload of frame as object[]) sink.event('p', payload)
      },
    }
    const refs: WeakRef<object>[] = []
    // Made in a function of their own, so nothing here keeps the payloads but the reader.
    const read = (count: number) => {
      const payloads = Array.from({ length: count }, (_, i) => ({ i }))
      for (const payload of payloads) refs.push(new WeakRef(payload))
      preset.classify(each, payloads, 1, Buffer.alloc(100))
    }
    read(100)
    read(3)
    expect(seen).toHaveLength(103)
    // A WeakRef's target stays alive until the job that made it ends.
    await new Promise((resolve) => setTimeout(resolve, 0))
    setFlagsFromString('--expose-gc')
    ;(runInNewContext('gc') as () => void)()
    expect(refs.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
    // The reader itself was alive throughout: it reads the next frame.
    preset.classify(each, [{}], 2, raw)
    expect(seen).toHaveLength(104)
  })
})
