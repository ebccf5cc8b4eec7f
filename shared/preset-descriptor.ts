/**
 * What the UI needs to know about a preset to build its form and to autocomplete before any event
 * arrives: plain, serialisable data (no functions), answered by the contract's `preset:list`. The
 * logic that goes with it lives beside each descriptor in shared/presets/ (option schemas, URL
 * builders) and, for the protocol itself, in main/services/presets/.
 */

import type { PresetId } from './preset-id'

/** How a form field is edited; `options` of the source holds the value. */
export type FieldKind =
  /** One line of text. */
  | 'text'
  /**
   * A secret reference (`…SecretRef`): the option holds the name of a secret in the store, never
   * the value. A form asks for the value, stores it with `secret:set` under a reference (see
   * `secretRef`), and writes the reference into the option.
   */
  | 'secret'
  | 'number'
  | 'boolean'
  /** One of `choices`. */
  | 'select'
  /** A list of strings (`suggestions` lists known values; others are allowed unless `choices`). */
  | 'list'
  /** A frame rule `{"path": "...", "equals"?: value}` (the value at a path, or the path exists). */
  | 'rule'

export interface FieldChoice {
  value: string
  label: string
}

export interface FieldSpec {
  /** The key under the source's `options`. */
  key: string
  label: string
  kind: FieldKind
  /** The form should insist on a value (the option schema checks what it can on its own). */
  required: boolean
  /** The value the engine uses when the option is left out; absent: none. */
  default?: string | number | boolean | string[]
  help: string
  placeholder?: string
  /** `select`: the only values allowed. */
  choices?: FieldChoice[]
  /** `list`: known values to offer (others allowed). */
  suggestions?: string[]
  /** `number`: bounds and unit (`ms`: milliseconds). */
  min?: number
  max?: number
  unit?: 'ms'
  /** `secret`: a suggested reference name; `{sourceId}` stands for the source's id. */
  secretRef?: string
  /** The URL the form builds depends on this field: rebuild it when the field changes. */
  affectsUrl?: boolean
  /** Shown only when another option has one of these values (`{"auth": ["basic"]}`). */
  showWhen?: Record<string, string[]>
  /** A form keeps it under its advanced settings: rarely needed (the generic frame rules). */
  advanced?: boolean
}

/** A JSON value type, as the field catalogue names them. */
export type FieldValueType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null'

export interface EventFieldSpec {
  /** A field path in the event's payload (`attacker_character_id`, `Value.Name`). */
  path: string
  /** The types the value arrives as; several when the service varies (PI's Value). */
  types: FieldValueType[]
  description?: string
  /** Known values, for suggestions (`result`: new, exact, ...). */
  values?: string[]
}

export interface EventTypeSpec {
  /** The event type; `*` means "every event of this preset" (types named by the data itself). */
  type: string
  description?: string
  fields: EventFieldSpec[]
}

/**
 * Example messages for the forms' placeholders, in the service's own shape (B8: a generic source
 * must not suggest a Census subscription). Absent: the service takes no such message.
 */
export interface PresetExamples {
  /** A message sent after connecting or by hand (a subscription, a command). */
  message?: string
  /** A login message; `{{secret}}` stands for the secret. */
  login?: string
  /** An application-level ping. */
  ping?: string
}

/** Typed by its id (`PresetDescriptor<'census'>`) so the protocol module that reads it agrees. */
/**
 * Event names a service accepts in subscriptions that its stream never sends as types: the stream
 * delivers them as `baseName` events whose `field` holds the name's tail. A trigger naming one
 * selects those events (shared/event-selector.ts). Census: `GainExperience_experience_id_<id>`
 * arrives as `GainExperience` with `experience_id` `<id>`.
 */
export interface EventAlias {
  /** What every such name starts with. */
  prefix: string
  /** What the rest of the name must be, as a regular expression source (`\d+`). */
  valuePattern: string
  /** The event type the stream delivers them as. */
  baseName: string
  /** The payload field holding the name's tail (a number counts as its text). */
  field: string
}

export interface PresetDescriptor<P extends PresetId = PresetId> {
  id: P
  label: string
  /** One or two sentences for the preset picker. */
  description: string
  /** Where the event type is read in each payload unless the source sets `eventTypePath`. */
  defaultEventTypePath: string
  /** The URL the form starts from before any field is filled. */
  defaultUrl: string
  fields: FieldSpec[]
  /** Event types known before any event arrives, with their fields (for autocomplete). */
  events: EventTypeSpec[]
  examples: PresetExamples
  /**
   * Set when messages to the service have the shape of its events (ebsockets-style): a form can
   * send an event with `buildEventMessage` (shared/presets.ts), the type going under `typeKey`.
   */
  sendsEvents?: { typeKey: string }
  /** Subscription names the stream delivers under another type (see EventAlias). */
  eventAliases?: EventAlias[]
}
