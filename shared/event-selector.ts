/**
 * Which events a trigger's `events` entry selects. A name selects events of that type, except a
 * name a preset declares as an alias (`eventAliases` in its shared spec): the stream delivers
 * those under the alias's base type (the subscription name only narrows what the server sends),
 * so the name selects base-type events whose alias field holds the name's tail. Census's
 * `GainExperience_experience_id_<id>` selects `GainExperience` events whose `experience_id` is
 * `<id>`. Aliases apply whatever the event's source, as names that no stream sends as types.
 */

import type { EventAlias } from './preset-descriptor'
import { PRESET_DESCRIPTORS } from './presets'

export interface EventSelector {
  type: string
  /** The value the alias field of the type (`aliasFieldOf`) must hold, as a stream sends text. */
  aliasValue?: string
}

interface CompiledAlias {
  alias: EventAlias
  value: RegExp
}

const ALIASES: readonly CompiledAlias[] = PRESET_DESCRIPTORS.flatMap(
  (descriptor) => descriptor.eventAliases ?? [],
).map((alias) => ({ alias, value: new RegExp(`^(?:${alias.valuePattern})$`) }))

/** The alias field of each base type: one per type, so an event has one place to look up. */
const FIELD_OF_TYPE = new Map<string, string>()
for (const { alias } of ALIASES) {
  const field = FIELD_OF_TYPE.get(alias.baseName)
  if (field !== undefined && field !== alias.field)
    throw new Error(`event aliases of ${alias.baseName} name two fields: ${field}, ${alias.field}`)
  FIELD_OF_TYPE.set(alias.baseName, alias.field)
}

export function eventSelector(name: string): EventSelector {
  for (const { alias, value } of ALIASES) {
    if (!name.startsWith(alias.prefix)) continue
    const tail = name.slice(alias.prefix.length)
    if (value.test(tail)) return { type: alias.baseName, aliasValue: tail }
  }
  return { type: name }
}

/** The alias field's value in a payload, as text (a number counts as its text); else undefined. */
export function aliasValueOf(type: string, payload: unknown): string | undefined {
  const field = FIELD_OF_TYPE.get(type)
  if (field === undefined || payload === null || typeof payload !== 'object') return undefined
  const value = (payload as Record<string, unknown>)[field]
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined
}

/** Whether an event of `type` with `payload` is one the selector names. */
export function selects(selector: EventSelector, type: string, payload: unknown): boolean {
  if (type !== selector.type) return false
  return selector.aliasValue === undefined || aliasValueOf(type, payload) === selector.aliasValue
}
