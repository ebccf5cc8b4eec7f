/**
 * Field paths address values inside events: `payload.character_id`, `payload.Items.0.Value`,
 * `payload.Items[0].Value`, `payload.Items.*.Value` (`*` matches every element or property),
 * `payload["odd.key"]`. Paths are parsed once into segments; reading them is a loop over
 * property lookups, cheap enough for the per-event hot path.
 */

export const WILDCARD: unique symbol = Symbol('wildcard')
export type PathSegment = string | typeof WILDCARD

export interface ParsedPath {
  segments: PathSegment[]
  hasWildcard: boolean
}

export type PathParse = { ok: true; path: ParsedPath } | { ok: false; message: string }

const PLAIN = /^[^.[\]"'*\s][^.[\]"']*$/

export function parseFieldPath(text: string): PathParse {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, message: 'path is empty' }
  const segments: PathSegment[] = []
  let i = 0
  const bad = (why: string): PathParse => ({
    ok: false,
    message: `${why} at position ${i + 1} of "${text}"`,
  })
  while (i < text.length) {
    if (text[i] === '[') {
      const close = text.indexOf(']', i)
      if (close < 0) return bad('unclosed [')
      const inner = text.slice(i + 1, close).trim()
      if (inner === '*') segments.push(WILDCARD)
      else if (/^\d+$/.test(inner)) segments.push(inner)
      else if (/^(["']).*\1$/.test(inner) && inner.length >= 2) segments.push(inner.slice(1, -1))
      else return bad('expected an index, * or a quoted key inside []')
      i = close + 1
      if (i < text.length && text[i] !== '.' && text[i] !== '[') return bad('expected . or [')
      if (text[i] === '.') {
        i++
        if (i >= text.length) return bad('path ends with .')
      }
      continue
    }
    let end = i
    while (end < text.length && text[end] !== '.' && text[end] !== '[') end++
    const part = text.slice(i, end)
    if (part === '*') segments.push(WILDCARD)
    else if (PLAIN.test(part)) segments.push(part)
    else return bad(part === '' ? 'empty segment' : `invalid segment "${part}"`)
    i = end
    if (text[i] === '.') {
      i++
      if (i >= text.length) return bad('path ends with .')
    }
  }
  return { ok: true, path: { segments, hasWildcard: segments.includes(WILDCARD) } }
}

/** Parses a path the caller already validated; throws with the parser's message otherwise. */
export function mustParseFieldPath(text: string): ParsedPath {
  const parsed = parseFieldPath(text)
  if (!parsed.ok) throw new Error(`invalid field path: ${parsed.message}`)
  return parsed.path
}

const hasOwn = Object.prototype.hasOwnProperty

function step(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined
  // Own properties only: a path must never reach Object.prototype (`__proto__`, `constructor`).
  return hasOwn.call(value, key) ? (value as Record<string, unknown>)[key] : undefined
}

/** The value at a path without wildcards (or the first match of one with them). */
export function readPath(root: unknown, path: ParsedPath): unknown {
  if (!path.hasWildcard) {
    let value = root
    for (const segment of path.segments) {
      value = step(value, segment as string)
      if (value === undefined) return undefined
    }
    return value
  }
  const all = collectPath(root, path)
  return all[0]
}

/** Every value a path reaches; wildcards fan out over array elements and object properties. */
export function collectPath(root: unknown, path: ParsedPath, out: unknown[] = []): unknown[] {
  walk(root, path.segments, 0, out)
  return out
}

function walk(value: unknown, segments: PathSegment[], index: number, out: unknown[]): void {
  if (value === undefined) return
  if (index === segments.length) {
    out.push(value)
    return
  }
  const segment = segments[index]!
  if (segment === WILDCARD) {
    if (value === null || typeof value !== 'object') return
    const children = Array.isArray(value) ? value : Object.values(value)
    for (const child of children) walk(child, segments, index + 1, out)
    return
  }
  walk(step(value, segment), segments, index + 1, out)
}

/** Renders segments back to the canonical dotted form. */
export function formatFieldPath(segments: readonly PathSegment[]): string {
  let text = ''
  for (const segment of segments) {
    if (segment === WILDCARD) text += text ? '.*' : '*'
    else if (PLAIN.test(segment)) text += text ? `.${segment}` : segment
    else text += `[${JSON.stringify(segment)}]`
  }
  return text
}

// Keys that plain objects or arrays inherit (`constructor`, `length`, `__proto__`, ...): only
// these need the own-property check; any other key can only be found on the value itself.
function inherited(key: string): boolean {
  return key in Object.prototype || key in Array.prototype
}

/**
 * A reader specialised for one path, for the per-event hot path: `payload.x` becomes two property
 * reads with no loop, no allocation and (for keys no object inherits) no own-property check.
 * Reads exactly what `readPath` reads.
 */
export function compilePathReader(path: ParsedPath): (root: unknown) => unknown {
  if (path.hasWildcard) return (root) => readPath(root, path)
  const segments = path.segments as string[]
  if (segments.some(inherited)) return (root) => readPath(root, path)
  if (segments.length === 1) {
    const [a] = segments as [string]
    return (root) =>
      root !== null && typeof root === 'object' ? (root as Record<string, unknown>)[a] : undefined
  }
  if (segments.length === 2) {
    const [a, b] = segments as [string, string]
    return (root) => {
      if (root === null || typeof root !== 'object') return undefined
      const value = (root as Record<string, unknown>)[a]
      return value !== null && typeof value === 'object'
        ? (value as Record<string, unknown>)[b]
        : undefined
    }
  }
  return (root) => {
    let value = root
    for (let i = 0; i < segments.length; i++) {
      if (value === null || typeof value !== 'object') return undefined
      value = (value as Record<string, unknown>)[segments[i]!]
    }
    return value
  }
}
