/**
 * The field catalogue: per source and event type, which field paths payloads have, their value
 * types, a few sample values, how often each appears and when it was last seen.
 *
 * Cheap on the hot path: every event costs two map lookups and a few counters. Payloads are walked
 * in full only for the first events of a type (to learn its shape quickly), then a few times a
 * second per type, timed by the events' own receive times. Everything is bounded: types per
 * source (a new type pushes out the one seen longest ago), the length of a type, paths per type,
 * keys and array items walked, samples per field. A source that is removed is forgotten.
 */

import type {
  CatalogueEntry,
  CatalogueField,
  CatalogueQuery,
  FieldValueType,
  SampleValue,
} from '../../../shared/catalogue'
import type { VigilEvent } from '../../../shared/domain'
import { formatFieldPath } from '../../../shared/field-path'
import { MAX_EVENT_NAME_CHARS } from '../../../shared/trigger-config'
import type { EventObserver } from '../event-flow'

export interface CatalogueLimits {
  /** Past it, a new type takes the place of the type seen longest ago. */
  maxTypesPerSource: number
  /** Longer types are kept shortened (a trigger cannot name them anyway). */
  maxTypeChars: number
  maxPathsPerType: number
  maxSamples: number
  maxSampleChars: number
  /** Events of a new type walked in full before sampling starts. */
  fullWalks: number
  /** Walks per type per second once sampling. */
  walksPerSecond: number
  maxDepth: number
  maxArrayItems: number
  maxKeysPerObject: number
}

export const DEFAULT_CATALOGUE_LIMITS: CatalogueLimits = {
  maxTypesPerSource: 200,
  maxTypeChars: MAX_EVENT_NAME_CHARS,
  maxPathsPerType: 300,
  maxSamples: 5,
  maxSampleChars: 120,
  fullWalks: 50,
  walksPerSecond: 4,
  maxDepth: 12,
  maxArrayItems: 20,
  maxKeysPerObject: 200,
}

/** Object keys longer than this, and paths longer than that, are left out (see `walk`). */
export const MAX_FIELD_KEY_CHARS = 200
export const MAX_FIELD_PATH_CHARS = 500

const TYPE_BITS: readonly [FieldValueType, number][] = [
  ['string', 1],
  ['number', 2],
  ['boolean', 4],
  ['null', 8],
  ['object', 16],
  ['array', 32],
]

function typeBit(value: unknown): number {
  if (value === null) return 8
  switch (typeof value) {
    case 'string':
      return 1
    case 'number':
      return 2
    case 'boolean':
      return 4
    default:
      return Array.isArray(value) ? 32 : 16
  }
}

interface FieldState {
  types: number
  samples: SampleValue[]
  seen: number
  firstSeenAt: number
  lastSeenAt: number
  /** The walk that last counted this field, so a path seen twice in one event counts once. */
  walk: number
}

interface TypeState {
  sourceId: string
  type: string
  events: number
  sampled: number
  firstSeenAt: number
  lastSeenAt: number
  truncated: boolean
  fields: Map<string, FieldState>
  nextWalkAt: number
  dirty: boolean
  /** Handed to persistence at least once (or restored from it): leaving it must delete its row. */
  saved: boolean
}

/** Rows persistence must delete: whole sources, and single types that were pushed out. */
export interface CatalogueRemovals {
  sources: string[]
  types: { sourceId: string; type: string }[]
}

// Formatting a key as a path segment (quoting odd keys) is done once per distinct key.
const segmentCache = new Map<string, string>()
function childPath(parent: string, key: string): string {
  let segment = segmentCache.get(key)
  if (segment === undefined) {
    segment = formatFieldPath([key])
    if (segmentCache.size < 10_000) segmentCache.set(key, segment)
  }
  if (parent === '') return segment
  return segment.startsWith('[') ? parent + segment : `${parent}.${segment}`
}

export class FieldCatalogue implements EventObserver {
  private readonly sources = new Map<string, Map<string, TypeState>>()
  private readonly limits: CatalogueLimits
  private readonly walkInterval: number
  /** Changed since the last drain; a type leaves it when it is dropped, so it stays bounded. */
  private dirty = new Set<TypeState>()
  private forgotten = new Set<string>()
  private removed: { sourceId: string; type: string }[] = []
  private walkStamp = 0
  /** Events come in runs from one source: the last one's types, looked up once per run. */
  private lastSourceId: string | undefined
  private lastTypes: Map<string, TypeState> | undefined

  constructor(limits: Partial<CatalogueLimits> = {}) {
    this.limits = { ...DEFAULT_CATALOGUE_LIMITS, ...limits }
    this.walkInterval = 1000 / this.limits.walksPerSecond
  }

  /** Hot path: called with every event. */
  readonly observe = (event: VigilEvent): void => {
    const types = this.typesOf(event.sourceId)
    const type = this.capType(event.type)
    let state = types.get(type)
    if (!state) {
      if (types.size >= this.limits.maxTypesPerSource) this.evictOldest(types)
      state = newTypeState(event.sourceId, type, event.receivedAt)
      types.set(type, state)
    }
    state.events++
    state.lastSeenAt = event.receivedAt
    if (!state.dirty) {
      state.dirty = true
      this.dirty.add(state)
    }
    if (state.sampled >= this.limits.fullWalks && event.receivedAt < state.nextWalkAt) return
    state.nextWalkAt = event.receivedAt + this.walkInterval
    state.sampled++
    this.walk(state, event.payload, '', 0, event.receivedAt, ++this.walkStamp)
  }

  private typesOf(sourceId: string): Map<string, TypeState> {
    if (sourceId === this.lastSourceId && this.lastTypes !== undefined) return this.lastTypes
    let types = this.sources.get(sourceId)
    if (!types) {
      types = new Map()
      this.sources.set(sourceId, types)
    }
    this.lastSourceId = sourceId
    this.lastTypes = types
    return types
  }

  get(query: CatalogueQuery = {}): CatalogueEntry[] {
    const entries: CatalogueEntry[] = []
    for (const [sourceId, types] of this.sources) {
      if (query.source !== undefined && sourceId !== query.source) continue
      for (const state of types.values()) {
        if (query.type !== undefined && state.type !== query.type) continue
        entries.push(toEntry(state))
      }
    }
    return entries.sort((a, b) => byText(a.sourceId, b.sourceId) || byText(a.type, b.type))
  }

  /** Drops everything learnt about a source (it was removed); its saved rows go at the next drain. */
  forget(sourceId: string): void {
    for (const state of this.sources.get(sourceId)?.values() ?? []) this.dirty.delete(state)
    this.sources.delete(sourceId)
    if (sourceId === this.lastSourceId) this.lastSourceId = this.lastTypes = undefined
    this.forgotten.add(sourceId)
  }

  /** The sources the catalogue holds entries for. */
  sourceIds(): string[] {
    return [...this.sources.keys()]
  }

  /** Entries changed since the last call (for persistence). */
  drainDirty(): CatalogueEntry[] {
    const changed = [...this.dirty].map((state) => {
      state.dirty = false
      state.saved = true
      return toEntry(state)
    })
    this.dirty.clear()
    return changed
  }

  /**
   * Saved rows to delete since the last call. Persistence applies them before the entries of
   * drainDirty, so a source or type that came back since keeps its new row.
   */
  drainRemovals(): CatalogueRemovals {
    const removals: CatalogueRemovals = {
      sources: [...this.forgotten],
      // A forgotten source's rows all go anyway.
      types: this.removed.filter((row) => !this.forgotten.has(row.sourceId)),
    }
    this.forgotten = new Set()
    this.removed = []
    return removals
  }

  /**
   * Puts back entries saved by an earlier run; bounds still apply, the types seen last winning
   * when a source saved more than it may keep. Rows that do not fit are deleted at the next drain.
   */
  restore(entries: readonly CatalogueEntry[]): void {
    const newestFirst = [...entries].sort((a, b) => b.lastSeenAt - a.lastSeenAt)
    for (const entry of newestFirst) {
      let types = this.sources.get(entry.sourceId)
      if (!types) {
        types = new Map()
        this.sources.set(entry.sourceId, types)
      }
      const type = this.capType(entry.type)
      // A type saved whole by an older version is saved again shortened, under a row of its own.
      if (type !== entry.type) this.removed.push({ sourceId: entry.sourceId, type: entry.type })
      if (types.has(type)) continue
      if (types.size >= this.limits.maxTypesPerSource) {
        if (type === entry.type) this.removed.push({ sourceId: entry.sourceId, type })
        continue
      }
      const state = newTypeState(entry.sourceId, type, entry.firstSeenAt)
      state.events = entry.events
      state.sampled = entry.sampled
      state.lastSeenAt = entry.lastSeenAt
      state.truncated = entry.truncated
      for (const field of entry.fields.slice(0, this.limits.maxPathsPerType)) {
        state.fields.set(field.path, {
          types: TYPE_BITS.reduce(
            (bits, [name, bit]) => (field.types.includes(name) ? bits | bit : bits),
            0,
          ),
          samples: field.samples.slice(0, this.limits.maxSamples),
          seen: field.seen,
          firstSeenAt: field.firstSeenAt,
          lastSeenAt: field.lastSeenAt,
          walk: 0,
        })
      }
      types.set(type, state)
      if (type === entry.type) {
        state.saved = true
      } else {
        state.dirty = true
        this.dirty.add(state)
      }
    }
  }

  private capType(type: string): string {
    const max = this.limits.maxTypeChars
    return type.length > max ? `${type.slice(0, max - 1)}…` : type
  }

  /** Makes room for a new type: the one seen longest ago goes (the first such, on a tie). */
  private evictOldest(types: Map<string, TypeState>): void {
    let oldest: TypeState | undefined
    for (const state of types.values()) {
      if (!oldest || state.lastSeenAt < oldest.lastSeenAt) oldest = state
    }
    if (!oldest) return
    types.delete(oldest.type)
    this.dirty.delete(oldest)
    if (oldest.saved) this.removed.push({ sourceId: oldest.sourceId, type: oldest.type })
  }

  private walk(
    state: TypeState,
    value: unknown,
    path: string,
    depth: number,
    at: number,
    stamp: number,
  ): void {
    if (path !== '') this.note(state, path, value, at, stamp)
    if (value === null || typeof value !== 'object' || depth >= this.limits.maxDepth) return
    if (Array.isArray(value)) {
      const child = path === '' ? '*' : `${path}.*`
      const count = Math.min(value.length, this.limits.maxArrayItems)
      for (let i = 0; i < count; i++) this.walk(state, value[i], child, depth + 1, at, stamp)
      return
    }
    let keys = 0
    for (const key of Object.keys(value)) {
      if (++keys > this.limits.maxKeysPerObject) break
      // The stream chooses key lengths: a field named by a megabyte string would be kept (and
      // cached) for good, and nobody writes a condition on it.
      if (key.length > MAX_FIELD_KEY_CHARS) {
        state.truncated = true
        continue
      }
      const child = childPath(path, key)
      if (child.length > MAX_FIELD_PATH_CHARS) {
        state.truncated = true
        continue
      }
      this.walk(state, (value as Record<string, unknown>)[key], child, depth + 1, at, stamp)
    }
  }

  private note(state: TypeState, path: string, value: unknown, at: number, stamp: number): void {
    let field = state.fields.get(path)
    if (!field) {
      if (state.fields.size >= this.limits.maxPathsPerType) {
        state.truncated = true
        return
      }
      field = { types: 0, samples: [], seen: 0, firstSeenAt: at, lastSeenAt: at, walk: 0 }
      state.fields.set(path, field)
    }
    if (field.walk !== stamp) {
      field.walk = stamp
      field.seen++
      field.lastSeenAt = at
    }
    field.types |= typeBit(value)
    if (
      field.samples.length < this.limits.maxSamples &&
      (value === null || typeof value !== 'object')
    ) {
      const sample =
        typeof value === 'string' && value.length > this.limits.maxSampleChars
          ? `${value.slice(0, this.limits.maxSampleChars)}…`
          : (value as SampleValue)
      if (!field.samples.includes(sample)) field.samples.push(sample)
    }
  }
}

/** Code-point order: the same on every machine, whatever its locale. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function newTypeState(sourceId: string, type: string, at: number): TypeState {
  return {
    sourceId,
    type,
    events: 0,
    sampled: 0,
    firstSeenAt: at,
    lastSeenAt: at,
    truncated: false,
    fields: new Map(),
    nextWalkAt: 0,
    dirty: false,
    saved: false,
  }
}

function toEntry(state: TypeState): CatalogueEntry {
  const fields: CatalogueField[] = [...state.fields]
    .map(([path, field]) => ({
      path,
      types: TYPE_BITS.filter(([, bit]) => field.types & bit).map(([name]) => name),
      samples: [...field.samples],
      seen: field.seen,
      firstSeenAt: field.firstSeenAt,
      lastSeenAt: field.lastSeenAt,
    }))
    .sort((a, b) => byText(a.path, b.path))
  return {
    sourceId: state.sourceId,
    type: state.type,
    events: state.events,
    sampled: state.sampled,
    firstSeenAt: state.firstSeenAt,
    lastSeenAt: state.lastSeenAt,
    truncated: state.truncated,
    fields,
  }
}
