/**
 * Compiles a condition tree once into closures: paths are split, regular expressions and lists
 * are built, and evaluating an event is a walk over plain functions with no parsing and (for
 * paths without wildcards) no allocation. `explain` re-evaluates without short-circuits to tell
 * people why an event did or did not match.
 *
 * `changed` is the one stateful operator: it compares with the previous event of the same type
 * (and key). Evaluation only reads that state; `commit` records the event afterwards, so every
 * evaluated event counts as "previous" whether or not a short-circuit skipped the leaf.
 */

import type { VigilEvent } from '../domain'
import { collectPath, compilePathReader, type ParsedPath } from '../field-path'
import { ChangedState, NO_PREVIOUS } from './changed-state'
import { mustParseEventPath } from './event-path'
import { valuePredicate, type Predicate } from './operators'
import { isLeaf, type Condition, type ConditionLeaf, type Operator } from './schema'

/** One leaf's answer for one event, as backtests and near-misses report it. */
export interface LeafVerdict {
  /** Where the leaf sits in the trigger, e.g. `condition.all.1`. */
  path: string
  field: string
  op: Operator
  value?: ConditionLeaf['value']
  verdict: boolean
  /** What the event held at `field` (previewed; a list for wildcard paths); absent if missing. */
  seen?: unknown
}

export interface Explanation {
  verdict: boolean
  leaves: LeafVerdict[]
  /** When the verdict is false: the leaf that decided it (the first failing one on the way). */
  failing?: LeafVerdict
}

export interface CompiledCondition {
  test(event: VigilEvent): boolean
  /** True when the condition uses `changed` and so needs `commit` after each evaluation. */
  readonly stateful: boolean
  /**
   * Records the event as "previous" for `changed` leaves, answering what they held before it: pass
   * that to a later `explain` of this event (near-misses are explained long after the fact).
   */
  commit(event: VigilEvent): Snapshot
  explain(event: VigilEvent, snapshot?: Snapshot): Explanation
}

/** Opaque: what `commit` found, for `explain` (the previous value of each `changed` leaf). */
export type Snapshot = unknown

export interface CompileOptions {
  /** Keys remembered per `changed` leaf; the oldest are forgotten beyond this. */
  maxChangedKeys?: number
}

type Test = (event: VigilEvent) => boolean

interface Node {
  kind: 'leaf' | 'all' | 'any' | 'not'
  test: Test
  children: Node[]
  leaf?: LeafNode
}

interface LeafNode {
  path: string
  source: ConditionLeaf
  read: (event: VigilEvent) => unknown
  wildcard: boolean
  changed?: ChangedState
}

function reader(path: ParsedPath): (event: VigilEvent) => unknown {
  if (path.hasWildcard) return (event) => collectPath(event, path)
  return compilePathReader(path)
}

function compileLeaf(leaf: ConditionLeaf, at: string, options: CompileOptions): Node {
  const path = mustParseEventPath(leaf.field)
  const read = reader(path)
  const wildcard = path.hasWildcard
  const node: LeafNode = { path: at, source: leaf, read, wildcard }
  let test: Test
  if (leaf.op === 'changed') {
    const key = leaf.key === undefined ? undefined : reader(mustParseEventPath(leaf.key))
    const state = new ChangedState(read, key, options.maxChangedKeys ?? 10_000)
    node.changed = state
    test = (event) => state.differs(state.previousOf(event), event)
  } else if (wildcard) {
    // Over a wildcard a leaf holds when any element holds, and `missing` when none exists.
    const exists = valuePredicate({ ...leaf, op: 'exists' })
    if (leaf.op === 'missing') {
      test = (event) => !(read(event) as unknown[]).some(exists)
    } else {
      const predicate = valuePredicate(leaf)
      test = (event) => anyHolds(read(event) as unknown[], predicate)
    }
  } else {
    test = fusedTest(path, valuePredicate(leaf)) ?? readThen(read, valuePredicate(leaf))
  }
  return { kind: 'leaf', test, children: [], leaf: node }
}

function readThen(read: (event: VigilEvent) => unknown, predicate: Predicate): Test {
  return (event) => predicate(read(event))
}

/**
 * `payload.<key>`, the commonest path by far, read inline in the leaf's own closure: one call per
 * leaf instead of two. Keys objects inherit (see compilePathReader) take the general route.
 */
function fusedTest(path: ParsedPath, predicate: Predicate): Test | undefined {
  const [root, key] = path.segments
  if (path.segments.length !== 2 || root !== 'payload' || typeof key !== 'string') return undefined
  if (key in Object.prototype || key in Array.prototype) return undefined
  return (event) => {
    const payload = event.payload
    return predicate(
      payload !== null && typeof payload === 'object'
        ? (payload as Record<string, unknown>)[key]
        : undefined,
    )
  }
}

function anyHolds(values: unknown[], predicate: Predicate): boolean {
  for (let i = 0; i < values.length; i++) if (predicate(values[i])) return true
  return false
}

function compileNode(condition: Condition, at: string, options: CompileOptions): Node {
  if (isLeaf(condition)) return compileLeaf(condition, at, options)
  if ('not' in condition) {
    const inner = compileNode(condition.not, `${at}.not`, options)
    const test = inner.test
    return { kind: 'not', test: (event) => !test(event), children: [inner] }
  }
  const kind = 'all' in condition ? 'all' : 'any'
  const list = 'all' in condition ? condition.all : condition.any
  const children = list.map((child, index) => compileNode(child, `${at}.${kind}.${index}`, options))
  const tests = children.map((child) => child.test)
  return { kind, test: kind === 'all' ? allOf(tests) : anyOf(tests), children }
}

function allOf(tests: Test[]): Test {
  if (tests.length === 0) return () => true
  if (tests.length === 1) return tests[0]!
  // Short groups (most of them) without a loop: each test is a call of its own, not one array
  // walk calling every kind of leaf from the same place.
  if (tests.length === 2) {
    const [a, b] = tests as [Test, Test]
    return (event) => a(event) && b(event)
  }
  if (tests.length === 3) {
    const [a, b, c] = tests as [Test, Test, Test]
    return (event) => a(event) && b(event) && c(event)
  }
  if (tests.length === 4) {
    const [a, b, c, d] = tests as [Test, Test, Test, Test]
    return (event) => a(event) && b(event) && c(event) && d(event)
  }
  return (event) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(event)) return false
    return true
  }
}

function anyOf(tests: Test[]): Test {
  if (tests.length === 0) return () => false
  if (tests.length === 1) return tests[0]!
  if (tests.length === 2) {
    const [a, b] = tests as [Test, Test]
    return (event) => a(event) || b(event)
  }
  if (tests.length === 3) {
    const [a, b, c] = tests as [Test, Test, Test]
    return (event) => a(event) || b(event) || c(event)
  }
  return (event) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(event)) return true
    return false
  }
}

function collectLeaves(node: Node, out: LeafNode[] = []): LeafNode[] {
  if (node.leaf) out.push(node.leaf)
  for (const child of node.children) collectLeaves(child, out)
  return out
}

const PREVIEW_CHARS = 200
const PREVIEW_ITEMS = 20

/** A value small enough to show: long text cut, objects as (cut) JSON text. */
export function preview(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > PREVIEW_CHARS ? `${value.slice(0, PREVIEW_CHARS)}…` : value
  if (value === null || typeof value !== 'object') return value
  const text = JSON.stringify(value)
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text
}

/** Compiles a condition the schema has accepted (it throws on anything the schema refuses). */
export function compileCondition(
  condition: Condition,
  options: CompileOptions = {},
): CompiledCondition {
  const root = compileNode(condition, 'condition', options)
  const leaves = collectLeaves(root)
  const changed = leaves.filter((leaf) => leaf.changed).map((leaf) => leaf.changed!)
  const stateful = changed.length > 0

  // One changed leaf (the usual case) snapshots its value as is: no array per event.
  const single = changed.length === 1
  function explain(event: VigilEvent, snapshot?: Snapshot): Explanation {
    const verdicts = new Map<Node, boolean>()
    const leafVerdicts = new Map<LeafNode, LeafVerdict>()
    let changedIndex = 0
    const visit = (node: Node): boolean => {
      let verdict: boolean
      if (node.leaf) {
        const leaf = node.leaf
        if (leaf.changed) {
          const taken = single ? snapshot : (snapshot as unknown[] | undefined)?.[changedIndex]
          const previous =
            snapshot === undefined
              ? leaf.changed.previousOf(event)
              : taken === NO_PREVIOUS
                ? undefined
                : taken
          changedIndex++
          verdict = leaf.changed.differs(previous, event)
        } else {
          verdict = node.test(event)
        }
        leafVerdicts.set(leaf, describe(leaf, event, verdict))
      } else {
        const results = node.children.map(visit)
        verdict =
          node.kind === 'all'
            ? results.every(Boolean)
            : node.kind === 'any'
              ? results.some(Boolean)
              : !results[0]
      }
      verdicts.set(node, verdict)
      return verdict
    }
    const verdict = visit(root)
    const explanation: Explanation = { verdict, leaves: [...leafVerdicts.values()] }
    if (!verdict) {
      const culprit = blame(root, verdicts)
      if (culprit) explanation.failing = leafVerdicts.get(culprit)
    }
    return explanation
  }

  return {
    test: root.test,
    stateful,
    commit: !stateful
      ? () => undefined
      : single
        ? (event) => changed[0]!.commit(event) ?? NO_PREVIOUS
        : (event) => changed.map((state) => state.commit(event) ?? NO_PREVIOUS),
    explain,
  }
}

function describe(leaf: LeafNode, event: VigilEvent, verdict: boolean): LeafVerdict {
  const { field, op, value } = leaf.source
  const out: LeafVerdict = { path: leaf.path, field, op, verdict }
  if (value !== undefined) out.value = value
  const seen = leaf.read(event)
  if (leaf.wildcard) out.seen = (seen as unknown[]).slice(0, PREVIEW_ITEMS).map(preview)
  else if (seen !== undefined) out.seen = preview(seen)
  return out
}

/**
 * The leaf that made `node` come out the way it did. For a false `all` that is its first false
 * child; for a false `any`, its first child (all failed); under `not` the question flips.
 */
function blame(node: Node, verdicts: Map<Node, boolean>): LeafNode | undefined {
  if (node.leaf) return node.leaf
  const verdict = verdicts.get(node)
  if (node.kind === 'not') return blame(node.children[0]!, verdicts)
  // The child that agrees with the node's verdict is the one that decided it.
  const decisive = node.children.find((child) => verdicts.get(child) === verdict)
  return decisive ? blame(decisive, verdicts) : undefined
}
