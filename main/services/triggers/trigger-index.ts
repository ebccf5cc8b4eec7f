/**
 * Which triggers can match an event, looked up by its source and type, so the cost of an event
 * grows with the triggers that can match it rather than with all of them. Census experience-id
 * names have their own lookup by `experience_id` (see shared/event-selector.ts).
 *
 * The lists are kept per source (built the first time a source's event arrives), so evaluating a
 * trigger never has to ask whether it listens to the event's source.
 */

import type { VigilEvent } from '../../../shared/domain'
import { EXPERIENCE_EVENT_TYPE } from '../../../shared/event-selector'
import type { Runtime } from './trigger-runtime'

/** The enabled triggers listening to one source. */
export class SourceTriggers {
  /** By the event type they select. */
  readonly byType = new Map<string, Runtime[]>()
  /** Triggers selecting `GainExperience_experience_id_<id>`, by `<id>`. */
  readonly byExperience = new Map<string, Runtime[]>()
  /** Triggers of every type. */
  readonly anyType: Runtime[] = []

  constructor(runtimes: readonly Runtime[]) {
    for (const runtime of runtimes) {
      const { compiled } = runtime
      if (compiled.selectors.length === 0) {
        this.anyType.push(runtime)
        continue
      }
      // A plain type covers its experience-id names: a trigger listing both runs once per event.
      const plain = new Set(compiled.selectors.map((s) => (s.experienceId ? '' : s.type)))
      for (const selector of compiled.selectors) {
        if (selector.experienceId === undefined) add(this.byType, selector.type, runtime)
        else if (!plain.has(selector.type)) add(this.byExperience, selector.experienceId, runtime)
      }
    }
  }

  /** Triggers of the event's Census experience id, if it has one and any trigger wants it. */
  byExperienceOf(event: VigilEvent): Runtime[] | undefined {
    if (this.byExperience.size === 0 || event.type !== EXPERIENCE_EVENT_TYPE) return undefined
    const payload = event.payload
    if (payload === null || typeof payload !== 'object') return undefined
    // Census sends ids as strings; a number is read as its text.
    const id = (payload as Record<string, unknown>).experience_id
    const key = typeof id === 'string' ? id : typeof id === 'number' ? String(id) : undefined
    return key === undefined ? undefined : this.byExperience.get(key)
  }
}

export class TriggerIndex {
  private readonly enabled: Runtime[]
  private readonly bySource = new Map<string, SourceTriggers>()
  // Events come in runs from one source: the last answer is usually the next one.
  private lastSource: string | undefined
  private lastTriggers: SourceTriggers | undefined

  constructor(runtimes: Iterable<Runtime>) {
    this.enabled = [...runtimes].filter((runtime) => runtime.compiled.config.enabled)
  }

  forSource(sourceId: string): SourceTriggers {
    if (sourceId === this.lastSource) return this.lastTriggers!
    let triggers = this.bySource.get(sourceId)
    if (triggers === undefined) {
      triggers = new SourceTriggers(
        this.enabled.filter(({ compiled }) => !compiled.sources || compiled.sources.has(sourceId)),
      )
      this.bySource.set(sourceId, triggers)
    }
    this.lastSource = sourceId
    this.lastTriggers = triggers
    return triggers
  }
}

function add(map: Map<string, Runtime[]>, key: string, runtime: Runtime): void {
  const list = map.get(key) ?? []
  if (!list.includes(runtime)) list.push(runtime)
  map.set(key, list)
}
