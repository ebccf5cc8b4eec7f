/**
 * The rows of a JSON tree view: the nodes a reader can see given which ones are expanded, in
 * reading order, each with the field path a trigger condition would use to reach it (rooted at
 * the event: `payload.character_id`, `type`, `sourceId`). Pure, so the tree component only
 * renders rows and moves focus.
 */

import { formatFieldPath, type PathSegment } from '../../shared/field-path'

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null'

/** Children past this many are summed up in one row; a payload is for reading, not scrolling. */
export const MAX_CHILDREN = 200

export interface TreeRow {
  /** The field path, also the row's identity. */
  path: string
  /** The key or index shown, or null for a "more not shown" row. */
  label: string
  depth: number
  kind: JsonKind
  value: unknown
  /** Children of an object or array (0 for a leaf). */
  childCount: number
  expanded: boolean
  /** Position among its siblings, from 1, and how many siblings there are (ARIA). */
  position: number
  siblings: number
  /** The parent's path, or null at the top level. */
  parent: string | null
  /** Set on the row that stands for children not shown. */
  hidden?: number
}

export function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'array'
  switch (typeof value) {
    case 'string':
      return 'string'
    case 'number':
    case 'bigint':
      return 'number'
    case 'boolean':
      return 'boolean'
    default:
      return 'object'
  }
}

function entriesOf(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((item, index) => [String(index), item])
  if (value !== null && typeof value === 'object') return Object.entries(value)
  return []
}

/** The visible rows of `root` (an object whose keys are the top level). */
export function treeRows(root: unknown, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = []
  const visit = (value: unknown, segments: PathSegment[], depth: number, parent: string | null) => {
    const entries = entriesOf(value)
    const shown = entries.slice(0, MAX_CHILDREN)
    const siblings = shown.length + (entries.length > shown.length ? 1 : 0)
    shown.forEach(([key, child], index) => {
      const childSegments = [...segments, key]
      const path = formatFieldPath(childSegments)
      const kind = kindOf(child)
      const childCount = kind === 'object' || kind === 'array' ? entriesOf(child).length : 0
      const isOpen = childCount > 0 && expanded.has(path)
      rows.push({
        path,
        label: key,
        depth,
        kind,
        value: child,
        childCount,
        expanded: isOpen,
        position: index + 1,
        siblings,
        parent,
      })
      if (isOpen) visit(child, childSegments, depth + 1, path)
    })
    if (entries.length > shown.length) {
      const hidden = entries.length - shown.length
      rows.push({
        path: `${parent ?? ''}#more`,
        label: `${hidden} more not shown`,
        depth,
        kind: 'null',
        value: undefined,
        childCount: 0,
        expanded: false,
        position: siblings,
        siblings,
        parent,
        hidden,
      })
    }
  }
  visit(root, [], 1, null)
  return rows
}

/** The paths to open at first: containers down to `depth` levels. */
export function initialExpansion(root: unknown, depth = 2): Set<string> {
  const open = new Set<string>()
  const visit = (value: unknown, segments: PathSegment[], level: number) => {
    if (level > depth) return
    for (const [key, child] of entriesOf(value).slice(0, MAX_CHILDREN)) {
      const kind = kindOf(child)
      if (kind !== 'object' && kind !== 'array') continue
      const childSegments = [...segments, key]
      open.add(formatFieldPath(childSegments))
      visit(child, childSegments, level + 1)
    }
  }
  visit(root, [], 1)
  return open
}

/** What a row shows after its key: the value itself, or a summary of a container. */
export function valuePreview(row: Pick<TreeRow, 'kind' | 'value' | 'childCount'>): string {
  switch (row.kind) {
    case 'object':
      return row.childCount === 1 ? '{1 key}' : `{${row.childCount} keys}`
    case 'array':
      return row.childCount === 1 ? '[1 item]' : `[${row.childCount} items]`
    case 'string':
      return JSON.stringify(row.value)
    default:
      return String(row.value ?? 'null')
  }
}

/** The text Copy value puts on the clipboard: strings as they are, anything else as JSON. */
export function copyableValue(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value, null, 2) ?? String(value)
  } catch {
    return String(value)
  }
}
