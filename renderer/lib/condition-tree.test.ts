import { describe, expect, it } from 'vitest'
import type { Condition, ConditionLeaf } from '../../shared/conditions/schema'
import { applyTreeAction, canApply, issuePath, leavesOf, nodeAt } from './condition-tree'

const a: ConditionLeaf = { field: 'payload.a', op: 'exists' }
const b: ConditionLeaf = { field: 'payload.b', op: 'eq', value: 1 }
const c: ConditionLeaf = { field: 'payload.c', op: 'is-true' }

describe('condition tree edits', () => {
  it('moves a node within its list and follows it with focus', () => {
    const root: Condition = { all: [a, b, c] }
    const edit = applyTreeAction(root, { kind: 'move', path: ['all', 0], delta: 1 })
    expect(edit.root).toEqual({ all: [b, a, c] })
    expect(edit.focus).toEqual(['all', 1])
    // The old tree is untouched: the undo history keeps it.
    expect(root).toEqual({ all: [a, b, c] })
    expect(canApply(root, { kind: 'move', path: ['all', 0], delta: -1 })).toBe(false)
    expect(canApply(root, { kind: 'move', path: ['all', 2], delta: 1 })).toBe(false)
  })

  it('nests a node into the group above it, or into a new all group', () => {
    const root: Condition = { all: [{ any: [a] }, b, c] }
    const into = applyTreeAction(root, { kind: 'indent', path: ['all', 1] })
    expect(into.root).toEqual({ all: [{ any: [a, b] }, c] })
    expect(into.focus).toEqual(['all', 0, 'any', 1])

    // c's previous sibling is a group, so c joins it too; a leaf above means a new group instead.
    const joined = applyTreeAction(into.root, { kind: 'indent', path: ['all', 1] })
    expect(joined.root).toEqual({ all: [{ any: [a, b, c] }] })
    const plain = applyTreeAction({ all: [a, b] }, { kind: 'indent', path: ['all', 1] })
    expect(plain.root).toEqual({ all: [a, { all: [b] }] })
  })

  it('moves a node out of its group to just after it', () => {
    const root: Condition = { all: [{ any: [a, b] }, c] }
    const edit = applyTreeAction(root, { kind: 'outdent', path: ['all', 0, 'any', 0] })
    expect(edit.root).toEqual({ all: [{ any: [b] }, a, c] })
    expect(edit.focus).toEqual(['all', 1])
    expect(canApply(root, { kind: 'outdent', path: ['all', 1] })).toBe(false)
  })

  it('removes nodes; removing the child of a not removes the not', () => {
    const root: Condition = { all: [a, { not: b }] }
    expect(applyTreeAction(root, { kind: 'remove', path: ['all', 0] }).root).toEqual({
      all: [{ not: b }],
    })
    expect(applyTreeAction(root, { kind: 'remove', path: ['all', 1, 'not'] }).root).toEqual({
      all: [a],
    })
    expect(applyTreeAction(root, { kind: 'remove', path: [] }).root).toEqual({ all: [] })
  })

  it('wraps, unwraps, switches group kind and adds children', () => {
    const negated = applyTreeAction({ all: [a] }, { kind: 'wrap', path: ['all', 0], group: 'not' })
    expect(negated.root).toEqual({ all: [{ not: a }] })
    expect(applyTreeAction(negated.root, { kind: 'unwrap', path: ['all', 0] }).root).toEqual({
      all: [a],
    })
    const spliced = applyTreeAction(
      { all: [{ any: [a, b] }, c] },
      { kind: 'unwrap', path: ['all', 0] },
    )
    expect(spliced.root).toEqual({ all: [a, b, c] })
    expect(
      applyTreeAction({ all: [a] }, { kind: 'set-group', path: [], group: 'any' }).root,
    ).toEqual({
      any: [a],
    })
    const added = applyTreeAction({ any: [a] }, { kind: 'add', path: [], node: c })
    expect(added.root).toEqual({ any: [a, c] })
    expect(added.focus).toEqual(['any', 1])
  })

  it('names nodes as the contract does and lists leaves in order', () => {
    const root: Condition = { all: [a, { not: { any: [b, c] } }] }
    expect(issuePath(['all', 1, 'not', 'any', 0])).toBe('condition.all.1.not.any.0')
    expect(nodeAt(root, ['all', 1, 'not', 'any', 1])).toEqual(c)
    expect(leavesOf(root).map(([path]) => issuePath(path))).toEqual([
      'condition.all.0',
      'condition.all.1.not.any.0',
      'condition.all.1.not.any.1',
    ])
  })
})
