/** Fault suite, part 2: frames the engine must survive (bad JSON, binary, oversized). */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSourceHarness, type SourceHarness } from '../testing/source-harness'
import { waitFor } from '../testing/test-server'

describe('fault suite: bad frames', () => {
  let h: SourceHarness

  beforeEach(async () => {
    h = await startSourceHarness()
  })

  afterEach(async () => {
    await h.dispose()
  })

  it('malformed JSON and binary frames are counted and the connection is kept', async () => {
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    h.server.sendEvent()
    h.server.broadcast('{"type": "half')
    h.server.broadcast(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true })
    h.server.broadcast('not json at all')
    h.server.sendEvent()
    await waitFor(() => h.seqs().length === 2, 'both good events')

    const view = h.view()
    expect(view.state).toBe('open')
    expect(view.counters).toMatchObject({
      frames: 5,
      events: 2,
      errors: 3,
      errorsByKind: { 'malformed-frame': 2, 'binary-frame': 1 },
    })
    expect(view.lastError?.message).toMatch(/not valid JSON: "not json at all"/)
    expect(h.seqs()).toEqual(h.server.sent)
    expect(h.server.connections).toBe(1)
  })

  it('a session hands a read’s small text frames on together, after the read', async () => {
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    const socket = h.clients[0]!
    // One read's frames, emitted synchronously as ws emits them.
    for (const seq of [1, 2])
      socket.emit('message', Buffer.from(`{"type":"tick","seq":${seq}}`), false)
    expect(h.view().counters).toMatchObject({ frames: 2, events: 0 })
    await waitFor(() => h.seqs().length === 2, 'both events, after the read')
    expect(h.seqs()).toEqual([1, 2])
  })

  it('a frame the preset reads badly is reported and the frames after it still arrive', async () => {
    h.monitor.upsertSource(h.source({ preset: 'piwebapi' }))
    await h.waitState('open')
    const value = (Value: number) => JSON.stringify({ Items: [{ Name: 'a', Items: [{ Value }] }] })
    h.server.broadcast(value(1))
    // `String()` on an object whose toString is not a function throws.
    h.server.broadcast('{"WebException":{"StatusCode":{"toString":1},"Errors":[{"toString":1}]}}')
    h.server.broadcast(value(2))
    await waitFor(() => h.events.length === 2, 'the events on either side', 2_000)

    expect(h.events.map((event) => (event.payload as { Value: number }).Value)).toEqual([1, 2])
    const view = h.view()
    expect(view.state).toBe('open')
    expect(view.counters).toMatchObject({ frames: 3, events: 2, errors: 1 })
    expect(view.lastError?.message).toBe('PI Web API error: no details given')
    expect(h.server.connections).toBe(1)
  })

  it('a frame nested too deep is dropped before it is parsed, and the connection is kept', async () => {
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    // Half a megabyte, under maxPayloadBytes: it parses, but JSON.stringify and structuredClone
    // would later run out of stack on it (history, the UI).
    const depth = 250_000
    h.server.broadcast(`{"type":"deep","x":${'['.repeat(depth)}${']'.repeat(depth)}}`)
    h.server.sendEvent()
    await waitFor(() => h.seqs().length === 1, 'the event after', 2_000)

    expect(h.events.map((event) => event.type)).toEqual(['tick'])
    const view = h.view()
    expect(view.state).toBe('open')
    expect(view.counters).toMatchObject({ frames: 2, errorsByKind: { 'malformed-frame': 1 } })
    expect(view.lastError?.message).toMatch(
      /^a frame nested deeper than 256 levels was dropped: "\{\\"type\\":\\"deep\\"/,
    )
  })

  it('a frame over maxPayloadBytes ends that connection, is counted, and the source comes back', async () => {
    h.monitor.upsertSource(h.source({ maxPayloadBytes: 1_024 }))
    await h.waitState('open')
    h.server.sendEvent()
    h.server.sendEvent()
    await waitFor(() => h.seqs().length === 2, 'events before the big frame')

    h.server.broadcast(JSON.stringify({ type: 'huge', blob: 'x'.repeat(2_000) }))
    await h.waitState('reconnecting')
    const view = h.view()
    expect(view.counters.errorsByKind['oversized-frame']).toBe(1)
    expect(view.lastError).toMatchObject({
      kind: 'oversized-frame',
      message: expect.stringContaining('maxPayloadBytes (1024 bytes)'),
    })
    expect(h.events.some((event) => event.type === 'huge')).toBe(false)

    h.clock.advance(100)
    await h.waitState('open')
    h.server.sendEvent()
    await waitFor(() => h.seqs().length === 3, 'the event after')
    expect(h.seqs()).toEqual([1, 2, 3])
  })
})
