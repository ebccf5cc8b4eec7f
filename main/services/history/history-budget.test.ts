import { describe, expect, it } from 'vitest'
import type { NotStoredCount } from './history'
import { GatedThread } from './testing/gated-thread'
import { useHistoryFixture } from './testing/history-fixture'

const h = useHistoryFixture()
const KIB = 1024

function gated() {
  let thread: GatedThread | undefined
  const history = h.open({
    thread: (path, data) => (thread = new GatedThread(path, data)),
    events: { backlogBytes: 100 * KIB, batchBytes: 10 * KIB },
  })
  const holds: boolean[] = []
  const lost: NotStoredCount[] = []
  history.onDidChangeHold((hold) => holds.push(hold))
  history.onDidNotStore((count) => lost.push(count))
  return { history, thread: thread!, holds, lost }
}

describe('History backlog budget', () => {
  it('asks to hold the sources when the backlog passes its budget, and lets go at half', async () => {
    const { history, thread, holds } = gated()
    thread.hold()
    for (let id = 1; id <= 100; id++) history.events.record(h.event(id), KIB)
    expect(holds).toEqual([])
    history.events.record(h.event(101), KIB)
    expect(holds).toEqual([true])
    expect(history.status()).toMatchObject({ state: 'behind', backlogBytes: 101 * KIB })

    // What was already read when the sources stopped is still kept, up to twice the budget.
    for (let id = 102; id <= 200; id++) history.events.record(h.event(id), KIB)
    expect(history.status()).toMatchObject({ notStored: 0, backlogBytes: 200 * KIB })

    thread.release()
    await history.flush()
    expect(holds).toEqual([true, false])
    expect(history.status()).toMatchObject({ state: 'ok', stored: 200, backlogBytes: 0 })
    expect(h.count('events')).toBe(200)
  })

  it('counts what comes past twice the budget as not stored, by source and reason', async () => {
    const { history, thread, lost } = gated()
    thread.hold()
    for (let id = 1; id <= 205; id++)
      history.events.record(h.event(id, { sourceId: id % 2 ? 'odd' : 'even' }), KIB)
    thread.release()
    await history.flush()
    expect(history.status()).toMatchObject({
      stored: 200,
      notStored: 5,
      notStoredByReason: { behind: 5 },
    })
    expect(lost).toEqual([
      { sourceId: 'odd', reason: 'behind', count: 1 },
      { sourceId: 'even', reason: 'behind', count: 1 },
      { sourceId: 'odd', reason: 'behind', count: 1 },
      { sourceId: 'even', reason: 'behind', count: 1 },
      { sourceId: 'odd', reason: 'behind', count: 1 },
    ])
  })

  it('with skip-history, never holds the sources and skips what does not fit', async () => {
    const { history, thread, holds } = gated()
    history.setBudget({ backlogMb: 1, whenBehind: 'skip-history' })
    thread.hold()
    for (let id = 1; id <= 1_100; id++) history.events.record(h.event(id), KIB)
    expect(history.status()).toMatchObject({ state: 'behind', notStored: 76 })
    thread.release()
    await history.flush()
    expect(holds).toEqual([])
    expect(history.status()).toMatchObject({ state: 'ok', stored: 1_024, notStored: 76 })
  })

  it('stores one event larger than the whole budget', async () => {
    const { history } = gated()
    history.events.record(h.event(1), 500 * KIB)
    await history.flush()
    expect(history.status()).toMatchObject({ stored: 1, notStored: 0 })
  })
})
