/**
 * What every part of the trigger builder reads but none owns: the problems found in the draft
 * (to show beside the input they name), the field suggestions, the sources, a sample event for
 * template previews and the recent events that value suggestions are counted over. The builder provides it once; the sections inject it rather than passing it
 * through every level of the condition tree.
 */

import { computed, inject, provide, type ComputedRef, type InjectionKey, type Ref } from 'vue'
import type { VigilEvent } from '../../../shared/domain'
import type { Issue } from '../../../shared/result'
import type { AbsenceScope } from '../../../shared/templates'
import type { FieldSuggestion } from '../../lib/field-suggestions'
import { issuesAt } from '../../lib/trigger-validation'

export interface SourceChoice {
  id: string
  name: string
}

export interface BuilderContext {
  issues: Readonly<Ref<readonly Issue[]>>
  fields: Readonly<Ref<readonly FieldSuggestion[]>>
  sources: Readonly<Ref<readonly SourceChoice[]>>
  /** The event templates are previewed against; null until one of the draft's types is seen. */
  sampleEvent: Readonly<Ref<VigilEvent | null>>
  /** Recent events of the draft's sources and types: the values seen per field come from them. */
  sampleEvents: Readonly<Ref<readonly VigilEvent[]>>
  /** The template scope's `trigger` (with a single shot's deadline as ISO text, if it has one). */
  trigger: Readonly<Ref<{ id: string; name: string; deadline?: string }>>
  /** The template scope's `absence`, for an absence trigger's previews; undefined otherwise. */
  absence?: Readonly<Ref<AbsenceScope | undefined>>
}

const key: InjectionKey<BuilderContext> = Symbol('trigger-builder')

export function provideBuilder(context: BuilderContext): void {
  provide(key, context)
}

export function useBuilder(): BuilderContext {
  const context = inject(key)
  if (!context) throw new Error('builder components must sit inside TriggerBuilder')
  return context
}

/** The messages for one path (and with `deep`, for everything below it), kept current. */
export function useIssuesAt(path: () => string, deep = false): ComputedRef<string[]> {
  const { issues } = useBuilder()
  return computed(() => issuesAt(issues.value, path(), deep).map((issue) => issue.message))
}
