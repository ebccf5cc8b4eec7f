import { describe, expect, it } from 'vitest'
import { createDraftHistory } from './draft-history'

function clock() {
  let now = 0
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('draft history', () => {
  it('undoes and redoes whole steps', () => {
    const history = createDraftHistory({ n: 0 })
    history.commit({ n: 1 })
    history.commit({ n: 2 })
    expect(history.canUndo.value).toBe(true)
    history.undo()
    expect(history.current.value).toEqual({ n: 1 })
    history.undo()
    expect(history.current.value).toEqual({ n: 0 })
    expect(history.canUndo.value).toBe(false)
    history.redo()
    history.redo()
    expect(history.current.value).toEqual({ n: 2 })
    expect(history.canRedo.value).toBe(false)
  })

  it('coalesces typing in one field into one step, but not across fields or pauses', () => {
    const time = clock()
    const history = createDraftHistory('', { now: time.now, coalesceMs: 1_000 })
    history.commit('a', 'name')
    time.advance(200)
    history.commit('ab', 'name')
    time.advance(200)
    history.commit('abc', 'name')
    time.advance(200)
    history.commit('abc!', 'title')
    time.advance(5_000)
    history.commit('abc!?', 'title')
    history.undo()
    expect(history.current.value).toBe('abc!')
    history.undo()
    expect(history.current.value).toBe('abc')
    history.undo()
    expect(history.current.value).toBe('')
  })

  it('drops the redo branch on a new edit, bounds its length and resets', () => {
    const history = createDraftHistory(0, { limit: 3 })
    for (let n = 1; n <= 5; n++) history.commit(n)
    history.undo()
    history.commit(9)
    expect(history.canRedo.value).toBe(false)
    let steps = 0
    while (history.canUndo.value) {
      history.undo()
      steps++
    }
    expect(steps).toBe(3)
    history.reset(42)
    expect(history.current.value).toBe(42)
    expect(history.canUndo.value).toBe(false)
  })
})
