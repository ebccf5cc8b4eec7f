/**
 * Edits of a condition tree as pure functions, so the builder's buttons, its keyboard shortcuts
 * and the undo history all go through one tested reducer. A node is addressed by its path from the
 * condition root (`['all', 1, 'not']`); the contract names the same node `condition.all.1.not`.
 * Every edit returns a new tree and leaves the old one untouched (the history keeps old ones).
 */

import { ALWAYS, isLeaf, type Condition, type ConditionLeaf } from '../../shared/conditions/schema'
import { defaultLeaf } from './operator-choice'

export type NodePath = readonly (string | number)[]
export type GroupKind = 'all' | 'any' | 'not'

export type TreeAction =
  | { kind: 'replace'; path: NodePath; node: Condition }
  | { kind: 'remove'; path: NodePath }
  | { kind: 'add'; path: NodePath; node: Condition }
  | { kind: 'move'; path: NodePath; delta: -1 | 1 }
  | { kind: 'wrap'; path: NodePath; group: GroupKind }
  | { kind: 'unwrap'; path: NodePath }
  | { kind: 'indent'; path: NodePath }
  | { kind: 'outdent'; path: NodePath }
  | { kind: 'set-group'; path: NodePath; group: 'all' | 'any' }

export interface TreeEdit {
  root: Condition
  /** Where the edited node is now, so the editor can keep keyboard focus on it. */
  focus: NodePath | null
}

/** A group node of the given kind. */
export function makeGroup(key: 'all' | 'any', list: readonly Condition[]): Condition {
  return key === 'all' ? { all: [...list] } : { any: [...list] }
}

/** The contract's name for a node: `condition.all.1.not`. */
export function issuePath(path: NodePath): string {
  return ['condition', ...path].join('.')
}

export function groupKind(node: Condition): GroupKind | null {
  if (isLeaf(node)) return null
  if ('all' in node) return 'all'
  if ('any' in node) return 'any'
  return 'not'
}

/** The children of an all/any group, or null for a leaf or a `not`. */
export function childList(node: Condition): readonly Condition[] | null {
  if ('all' in node) return node.all
  if ('any' in node) return node.any
  return null
}

export function nodeAt(root: Condition, path: NodePath): Condition | undefined {
  let node: unknown = root
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string | number, unknown>)[key]
  }
  return node as Condition | undefined
}

function setIn(value: unknown, path: NodePath, next: unknown): unknown {
  if (path.length === 0) return next
  const [head, ...rest] = path as [string | number, ...(string | number)[]]
  if (Array.isArray(value)) {
    const copy = value.slice()
    copy[head as number] = setIn(copy[head as number], rest, next)
    return copy
  }
  const record = value as Record<string, unknown>
  return { ...record, [head]: setIn(record[head], rest, next) }
}

export function replaceAt(root: Condition, path: NodePath, node: Condition): Condition {
  return setIn(root, path, node) as Condition
}

/** The list a node sits in: its group's path, list key and index; null for root or `not`. */
function slot(path: NodePath): { group: NodePath; key: 'all' | 'any'; index: number } | null {
  if (path.length < 2) return null
  const index = path[path.length - 1]
  const key = path[path.length - 2]
  if (typeof index !== 'number' || (key !== 'all' && key !== 'any')) return null
  return { group: path.slice(0, -2), key, index }
}

function withList(root: Condition, group: NodePath, key: 'all' | 'any', list: Condition[]) {
  return replaceAt(root, group, makeGroup(key, list))
}

/** A copy of the children of the group at `group`, to edit and put back with `withList`. */
function listOf(root: Condition, group: NodePath): Condition[] {
  const node = nodeAt(root, group)
  return node ? [...(childList(node) ?? [])] : []
}

/** A new leaf for the "add condition" button: a field to fill in; `equals` until its kind is known. */
export function blankLeaf(field = 'payload.'): ConditionLeaf {
  return defaultLeaf(field, 'unknown')
}

export function applyTreeAction(root: Condition, action: TreeAction): TreeEdit {
  const { path } = action
  switch (action.kind) {
    case 'replace':
      return { root: replaceAt(root, path, action.node), focus: path }
    case 'add': {
      const group = nodeAt(root, path)
      const list = group && childList(group)
      if (!group || !list) return { root, focus: null }
      const key = 'all' in group ? 'all' : 'any'
      return {
        root: withList(root, path, key, [...list, action.node]),
        focus: [...path, key, list.length],
      }
    }
    case 'remove':
      return remove(root, path)
    case 'move': {
      const at = slot(path)
      if (!at) return { root, focus: path }
      const list = listOf(root, at.group)
      const target = at.index + action.delta
      if (target < 0 || target >= list.length) return { root, focus: path }
      ;[list[at.index], list[target]] = [list[target]!, list[at.index]!]
      return {
        root: withList(root, at.group, at.key, list),
        focus: [...at.group, at.key, target],
      }
    }
    case 'wrap': {
      const node = nodeAt(root, path)
      if (!node) return { root, focus: null }
      const wrapped: Condition =
        action.group === 'not' ? { not: node } : makeGroup(action.group, [node])
      return { root: replaceAt(root, path, wrapped), focus: path }
    }
    case 'unwrap':
      return unwrap(root, path)
    case 'indent':
      return indent(root, path)
    case 'outdent':
      return outdent(root, path)
    case 'set-group': {
      const node = nodeAt(root, path)
      const list = node && childList(node)
      if (!list) return { root, focus: path }
      return { root: replaceAt(root, path, makeGroup(action.group, list)), focus: path }
    }
  }
}

function remove(root: Condition, path: NodePath): TreeEdit {
  if (path.length === 0) return { root: structuredClone(ALWAYS), focus: [] }
  const at = slot(path)
  if (!at) {
    // The child of a `not`: an empty `not` means nothing, so the `not` goes with it.
    return remove(root, path.slice(0, -1))
  }
  const list = listOf(root, at.group)
  list.splice(at.index, 1)
  const focus =
    list.length === 0 ? at.group : [...at.group, at.key, Math.min(at.index, list.length - 1)]
  return { root: withList(root, at.group, at.key, list), focus }
}

function unwrap(root: Condition, path: NodePath): TreeEdit {
  const node = nodeAt(root, path)
  if (!node || isLeaf(node)) return { root, focus: path }
  if ('not' in node) return { root: replaceAt(root, path, node.not), focus: path }
  const list = childList(node)!
  if (list.length === 1) return { root: replaceAt(root, path, list[0]!), focus: path }
  // Several children move up into the list the group sits in, in its place.
  const at = slot(path)
  if (!at) return { root, focus: path }
  const parent = listOf(root, at.group)
  parent.splice(at.index, 1, ...list)
  return { root: withList(root, at.group, at.key, parent), focus: path }
}

/** Into the group just above it (as its last child), or into a new `all` group of its own. */
function indent(root: Condition, path: NodePath): TreeEdit {
  const at = slot(path)
  const node = nodeAt(root, path)
  if (!node) return { root, focus: null }
  if (at && at.index > 0) {
    const parentList = listOf(root, at.group)
    const previous = parentList[at.index - 1]!
    const previousList = childList(previous)
    if (previousList) {
      const key = 'all' in previous ? 'all' : 'any'
      parentList.splice(at.index, 1)
      parentList[at.index - 1] = makeGroup(key, [...previousList, node])
      return {
        root: withList(root, at.group, at.key, parentList),
        focus: [...at.group, at.key, at.index - 1, key, previousList.length],
      }
    }
  }
  return applyTreeAction(root, { kind: 'wrap', path, group: 'all' })
}

/** Out of its group, to just after that group in the list around it. */
function outdent(root: Condition, path: NodePath): TreeEdit {
  const at = slot(path)
  if (!at) return { root, focus: path }
  const outer = slot(at.group)
  if (!outer) return { root, focus: path }
  const node = nodeAt(root, path)!
  const inner = listOf(root, at.group)
  inner.splice(at.index, 1)
  const outerList = listOf(root, outer.group)
  outerList[outer.index] = makeGroup(at.key, inner)
  outerList.splice(outer.index + 1, 0, node)
  return {
    root: withList(root, outer.group, outer.key, outerList),
    focus: [...outer.group, outer.key, outer.index + 1],
  }
}

/** Whether an action would change anything, so buttons that would not can be disabled. */
export function canApply(root: Condition, action: TreeAction): boolean {
  const at = slot(action.path)
  switch (action.kind) {
    case 'move': {
      if (!at) return false
      const length = listOf(root, at.group).length
      const target = at.index + action.delta
      return target >= 0 && target < length
    }
    case 'outdent':
      return at !== null && slot(at.group) !== null
    case 'unwrap': {
      const node = nodeAt(root, action.path)
      if (!node || isLeaf(node)) return false
      const list = childList(node)
      return list === null || list.length === 1 || at !== null
    }
    default:
      return true
  }
}

/** Every leaf with its path, in document order (for issue summaries and tests). */
export function leavesOf(root: Condition, path: NodePath = []): [NodePath, ConditionLeaf][] {
  if (isLeaf(root)) return [[path, root]]
  if ('not' in root) return leavesOf(root.not, [...path, 'not'])
  const key = 'all' in root ? 'all' : 'any'
  return childList(root)!.flatMap((child, index) => leavesOf(child, [...path, key, index]))
}
