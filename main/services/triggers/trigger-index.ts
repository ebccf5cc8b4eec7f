/**
 * Which triggers can match an event, looked up by its source and type, so the cost of an event
 * grows with the triggers that can match it rather than with all of them. Names a preset declares
 * as event aliases have their own lookup by base type and alias value (shared/event-selector.ts). Within a list,
 * triggers keyed by a field's value are looked up by that value (value-index.ts); the others are
 * evaluated on every event of the list.
 *
 * The lists are kept per source (built the first time a source's event arrives), so evaluating a
 * trigger never has to ask whether it listens to the event's source.
 */

import type { VigilEvent } from '../../../shared/domain'
import { aliasValueOf } from '../../../shared/event-selector'
import { chooseKeys, keyOptions, type FieldKeys } from './field-keys'
import type { Runtime } from './trigger-runtime'
import { NEAR_MISS_BUDGET_BYTES } from './near-misses'
import { chooseRange, rangeOptions } from './range-keys'
import { suffixOptions } from './suffix-keys'
import { Member, ValueIndex, type Arrivals } from './value-index'

/** The triggers one event of a source and type (or alias, or any type) is tested on. */
export class CandidateList {
  /** Evaluated on every event of the list: unkeyed, or using `changed`. */
  readonly plain: Runtime[] = []
  /** Where each of `plain` sits in the list (matches are handled in list order). */
  readonly plainPositions: number[] = []
  /** The keyed ones, looked up by value; undefined when there are none. */
  readonly values: ValueIndex | undefined
  /**
   * Scratch for trigger-batch.ts, which groups one batch at a time: the number of the batch that
   * last grouped this list, and where its group sits in that batch's order (no map per batch).
   */
  batch = 0
  group = 0

  constructor(
    runtimes: readonly Runtime[],
    members: ReadonlyMap<Runtime, Member>,
    clock: Arrivals,
    ringBytes = Number.POSITIVE_INFINITY,
  ) {
    const keyed: { member: Member; position: number }[] = []
    runtimes.forEach((runtime, position) => {
      const member = members.get(runtime)
      if (member !== undefined) keyed.push({ member, position })
      else {
        this.plain.push(runtime)
        this.plainPositions.push(position)
      }
    })
    this.values = keyed.length > 0 ? new ValueIndex(keyed, clock, ringBytes) : undefined
  }
}

/** The enabled triggers listening to one source. */
export class SourceTriggers {
  /** By the event type they select. */
  readonly byType = new Map<string, CandidateList>()
  /**
   * Triggers selecting a name a preset declares as an event alias, by base type and then alias
   * value: an event of a type without aliases costs one lookup, and none builds a key string.
   */
  readonly byAlias = new Map<string, Map<string, CandidateList>>()
  /** Triggers of every type. */
  readonly anyType: CandidateList

  constructor(runtimes: readonly Runtime[], list: (runtimes: Runtime[]) => CandidateList) {
    const byType = new Map<string, Runtime[]>()
    const byAlias = new Map<string, Map<string, Runtime[]>>()
    const anyType: Runtime[] = []
    for (const runtime of runtimes) {
      for (const { kind, key, aliasValue } of placesOf(runtime)) {
        if (kind === 'any') anyType.push(runtime)
        else if (kind === 'type') add(byType, key, runtime)
        else {
          const values = byAlias.get(key) ?? new Map<string, Runtime[]>()
          byAlias.set(key, values)
          add(values, aliasValue!, runtime)
        }
      }
    }
    for (const [type, runtimes] of byType) this.byType.set(type, list(runtimes))
    for (const [type, values] of byAlias) {
      const lists = new Map<string, CandidateList>()
      for (const [value, runtimes] of values) lists.set(value, list(runtimes))
      this.byAlias.set(type, lists)
    }
    this.anyType = list(anyType)
  }

  /** Triggers of the event's alias value, if its type has aliases and any trigger wants it. */
  byAliasOf(event: VigilEvent): CandidateList | undefined {
    if (this.byAlias.size === 0) return undefined
    const lists = this.byAlias.get(event.type)
    if (lists === undefined) return undefined
    const value = aliasValueOf(event.type, event.payload)
    return value === undefined ? undefined : lists.get(value)
  }
}

/**
 * Where a trigger sits: in the list of a type (`key`), of an alias (`key` its base type, with
 * `aliasValue`), or of every type.
 */
interface Place {
  kind: 'type' | 'alias' | 'any'
  key: string
  aliasValue?: string
}

function placesOf({ compiled }: Runtime): Place[] {
  if (compiled.selectors.length === 0) return [{ kind: 'any', key: '' }]
  // A plain type covers its aliases: a trigger listing both runs once per event.
  const plain = new Set(compiled.selectors.map((s) => (s.aliasValue === undefined ? s.type : '')))
  const places: Place[] = []
  for (const { type, aliasValue } of compiled.selectors) {
    if (aliasValue === undefined) places.push({ kind: 'type', key: type })
    else if (!plain.has(type)) places.push({ kind: 'alias', key: type, aliasValue })
  }
  return places
}

export interface ValueIndexOptions {
  /**
   * How many keyable triggers a type (or alias, or every type) needs before they are
   * looked up by value (default 5). A lookup costs about what testing a few conditions does when
   * their first leaf fails at once; measured on the benchmark's triggers (`npm run bench`,
   * trigger phase), 4 keyable triggers per type broke even, 8 saved a tenth of the evaluation
   * time and 100 (1,000 triggers) more than half.
   */
  minKeyed?: number
}

const MIN_KEYED = 5

export class TriggerIndex {
  private readonly enabled: Runtime[]
  /** The keyed triggers (see field-keys.ts), shared by every source's lists. */
  private readonly members = new Map<Runtime, Member>()
  private readonly clock: Arrivals = { last: 0 }
  private readonly bySource = new Map<string, SourceTriggers>()
  // Events come in runs from one source: the last answer is usually the next one.
  private lastSource: string | undefined
  private lastTriggers: SourceTriggers | undefined

  /**
   * `valueIndex` false: every trigger of an event's type (and source) is tested. `ringBytes`:
   * what each list's ring of recent events may hold for keyed triggers' near-misses (at least a
   * trigger's own share of the near-miss budget; see value-index.ts).
   */
  constructor(
    runtimes: Iterable<Runtime>,
    valueIndex: ValueIndexOptions | false = {},
    private readonly ringBytes = NEAR_MISS_BUDGET_BYTES,
  ) {
    this.enabled = [...runtimes].filter((runtime) => runtime.compiled.config.enabled)
    if (valueIndex === false) return
    const candidates = this.enabled.filter((runtime) => !runtime.compiled.condition.stateful)
    // Values and endings compete (chooseKeys estimates what each lets through); ranges come last.
    const chosen = chooseKeys(
      candidates.map(({ compiled }) => [
        ...keyOptions(compiled.config.condition),
        ...suffixOptions(compiled.config.condition),
      ]),
    )
    const keyable = new Map<Runtime, FieldKeys>()
    candidates.forEach((runtime, i) => {
      // A value or ending key if it has one, else a range key (range-keys.ts).
      const keys = chosen[i] ?? chooseRange(rangeOptions(runtime.compiled.config.condition))
      if (keys !== undefined) keyable.set(runtime, keys)
    })
    // Counted over every source: a trigger is keyed in all of its lists or in none, so its
    // near-misses come from one place.
    const perPlace = new Map<string, number>()
    // A type never holds a NUL: the name of an alias's place cannot be another's.
    const names = (runtime: Runtime) =>
      placesOf(runtime).map(
        ({ kind, key, aliasValue }) => `${kind} ${key}\u0000${aliasValue ?? ''}`,
      )
    for (const runtime of keyable.keys())
      for (const name of names(runtime)) perPlace.set(name, (perPlace.get(name) ?? 0) + 1)
    const min = valueIndex.minKeyed ?? MIN_KEYED
    for (const [runtime, keys] of keyable) {
      if (names(runtime).every((name) => perPlace.get(name)! >= min))
        this.members.set(runtime, new Member(runtime, keys))
    }
  }

  forSource(sourceId: string): SourceTriggers {
    if (sourceId === this.lastSource) return this.lastTriggers!
    let triggers = this.bySource.get(sourceId)
    if (triggers === undefined) {
      triggers = new SourceTriggers(
        this.enabled.filter(({ compiled }) => !compiled.sources || compiled.sources.has(sourceId)),
        (runtimes) => new CandidateList(runtimes, this.members, this.clock, this.ringBytes),
      )
      this.bySource.set(sourceId, triggers)
    }
    this.lastSource = sourceId
    this.lastTriggers = triggers
    return triggers
  }

  /** Brings `counters.evaluated` of every keyed trigger up to date (before anyone reads it). */
  settleCounters(): void {
    for (const member of this.members.values()) member.settle()
  }

  /** Brings the trigger's near-misses up to date (before they are read). */
  catchUp(runtime: Runtime): void {
    this.members.get(runtime)?.catchUp(this.clock.last + 1)
  }

  /** Brings every keyed trigger's counters and near-misses up to date (before the index goes). */
  settle(): void {
    for (const member of this.members.values()) {
      member.settle()
      member.catchUp(this.clock.last + 1)
    }
  }
}

function add(map: Map<string, Runtime[]>, key: string, runtime: Runtime): void {
  const list = map.get(key) ?? []
  if (!list.includes(runtime)) list.push(runtime)
  map.set(key, list)
}
