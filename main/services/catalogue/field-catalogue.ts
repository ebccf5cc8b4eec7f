/**
 * The field catalogue: per source and event type, which field paths payloads have, their value
 * types, a few sample values, how often each appears and when it was last seen.
 *
 * Cheap on the hot path: every event costs two map lookups and a few counters. Payloads are walked
 * in full only for the first events of a type (to learn its shape quickly), then a few times a
 * second per type, timed by the events' own receive times. Everything is bounded: types per
 * source, paths per type, keys and array items walked, samples per field.
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

export interface CatalogueLimits {
  maxTypesPerSource: number
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
  maxPathsPerType: 300,
  maxSamples: 5,
  maxSampleChars: 120,
  fullWalks: 50,
  walksPerSecond: 4,
  maxDepth: 12,
  maxArrayItems: 20,
  maxKeysPerObject: 200,
}

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

export class FieldCatalogue {
  private readonly sources = new Map<string, Map<string, TypeState>>()
  private readonly limits: CatalogueLimits
  private readonly walkInterval: number
  private dirty: TypeState[] = []
  private walkStamp = 0

  constructor(limits: Partial<CatalogueLimits> = {}) {
    this.limits = { ...DEFAULT_CATALOGUE_LIMITS, ...limits }
    this.walkInterval = 1000 / this.limits.walksPerSecond
  }

  /** Hot path: called with every event. */
  readonly observe = (event: VigilEvent): void => {
    let types = this.sources.get(event.sourceId)
    if (!types) {
      types = new Map()
      this.sources.set(event.sourceId, types)
    }
    let state = types.get(event.type)
    if (!state) {
      if (types.size >= this.limits.maxTypesPerSource) return
      state = newTypeState(event.sourceId, event.type, event.receivedAt)
      types.set(event.type, state)
    }
    state.events++
    state.lastSeenAt = event.receivedAt
    if (!state.dirty) {
      state.dirty = true
      this.dirty.push(state)
    }
    if (state.sampled >= this.limits.fullWalks && event.receivedAt < state.nextWalkAt) return
    state.nextWalkAt = event.receivedAt + this.walkInterval
    state.sampled++
    this.walk(state, event.payload, '', 0, event.receivedAt, ++this.walkStamp)
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

  /** Entries changed since the last call (for persistence). */
  drainDirty(): CatalogueEntry[] {
    const changed = this.dirty.map((state) => {
      state.dirty = false
      return toEntry(state)
    })
    this.dirty = []
    return changed
  }

  /** Puts back entries saved by an earlier run; bounds still apply. */
  restore(entries: readonly CatalogueEntry[]): void {
    for (const entry of entries) {
      let types = this.sources.get(entry.sourceId)
      if (!types) {
        types = new Map()
        this.sources.set(entry.sourceId, types)
      }
      if (types.size >= this.limits.maxTypesPerSource && !types.has(entry.type)) continue
      const state = newTypeState(entry.sourceId, entry.type, entry.firstSeenAt)
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
      types.set(entry.type, state)
    }
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
      const child = childPath(path, key)
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
