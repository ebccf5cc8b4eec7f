/**
 * The preset's own fields in the source editor, built from its descriptor (`preset:list`): what
 * each field holds while edited, which fields show, and how they become the source's `options`.
 * A field left empty is left out, so the preset's default applies (and a better one later).
 * Secret fields hold the reference the option names; the value stays with the form and goes to
 * the secret store, never into the options.
 */

import type { FieldSpec, PresetDescriptor } from '../../shared/preset-descriptor'
import type { Issue } from '../../shared/result'

/** Text for text, number, select, list (comma-separated) and secret (the reference); a boolean or
 * null (unset) for boolean; a rule's path and value for rule. */
/** A frame rule as the form holds it: a field path and the text its value must equal. */
export interface RuleForm {
  path: string
  equals: string
}

export type OptionDraft = string | boolean | null | RuleForm
export type OptionDrafts = Record<string, OptionDraft>

const isRule = (draft: OptionDraft): draft is RuleForm =>
  draft !== null && typeof draft === 'object'

export function emptyOptionDraft(field: FieldSpec): OptionDraft {
  if (field.kind === 'boolean') return null
  if (field.kind === 'rule') return { path: '', equals: '' }
  return ''
}

export function emptyOptionDrafts(descriptor: PresetDescriptor): OptionDrafts {
  return Object.fromEntries(descriptor.fields.map((field) => [field.key, emptyOptionDraft(field)]))
}

/** Splits a list field's text: commas or line breaks. */
export function listItems(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean)
}

/** The drafts for options a source already has. */
export function optionsToDrafts(
  descriptor: PresetDescriptor,
  options: Record<string, unknown> | undefined,
): OptionDrafts {
  const drafts = emptyOptionDrafts(descriptor)
  for (const field of descriptor.fields) {
    const value = options?.[field.key]
    if (value === undefined) continue
    if (field.kind === 'boolean') drafts[field.key] = value === true
    else if (field.kind === 'list' && Array.isArray(value)) drafts[field.key] = value.join(', ')
    else if (field.kind === 'rule' && value !== null && typeof value === 'object') {
      const rule = value as { path?: unknown; equals?: unknown }
      drafts[field.key] = {
        path: String(rule.path ?? ''),
        equals: rule.equals === undefined ? '' : String(rule.equals),
      }
    } else drafts[field.key] = String(value)
  }
  return drafts
}

/** The reference a secret field stores under when its own is left blank. */
export function defaultOptionSecretRef(field: FieldSpec, sourceId: string): string {
  return (field.secretRef ?? `{sourceId}.${field.key}`).replaceAll(
    '{sourceId}',
    sourceId || 'source',
  )
}

export function optionSecretRef(field: FieldSpec, drafts: OptionDrafts, sourceId: string): string {
  const own = drafts[field.key]
  return typeof own === 'string' && own.trim() !== ''
    ? own.trim()
    : defaultOptionSecretRef(field, sourceId)
}

/** The value a field has: its draft when set, else its default (for `showWhen`). */
function effective(field: FieldSpec | undefined, draft: OptionDraft | undefined): unknown {
  if (draft === undefined || draft === null || draft === '') return field?.default
  return draft
}

/** Whether a field shows, given the values of the fields `showWhen` names. */
export function isShown(
  field: FieldSpec,
  descriptor: PresetDescriptor,
  drafts: OptionDrafts,
): boolean {
  if (!field.showWhen) return true
  return Object.entries(field.showWhen).every(([key, values]) => {
    const other = descriptor.fields.find((candidate) => candidate.key === key)
    return values.includes(String(effective(other, drafts[key])))
  })
}

export interface OptionSecrets {
  /** References that already have a value stored. */
  stored: ReadonlySet<string>
  /** Fields (by key) whose secret value the user typed. */
  entered: ReadonlySet<string>
}

const hasDefault = (field: FieldSpec): boolean =>
  field.default !== undefined &&
  field.default !== '' &&
  !(Array.isArray(field.default) && field.default.length === 0)

/**
 * The `options` the drafts describe (only what is set, and only fields that show), and the
 * problems found turning text into values. The option schema's own checks come with the source
 * schema's, at `options.<key>`.
 */
export function draftsToOptions(
  descriptor: PresetDescriptor,
  drafts: OptionDrafts,
  sourceId: string,
  secrets: OptionSecrets,
): { options: Record<string, unknown>; issues: Issue[] } {
  const options: Record<string, unknown> = {}
  const issues: Issue[] = []
  for (const field of descriptor.fields) {
    if (!isShown(field, descriptor, drafts)) continue
    const path = `options.${field.key}`
    const draft = drafts[field.key] ?? emptyOptionDraft(field)
    let set = false
    if (field.kind === 'secret') {
      const ref = optionSecretRef(field, drafts, sourceId)
      const own = typeof draft === 'string' && draft.trim() !== ''
      if (own || secrets.entered.has(field.key) || secrets.stored.has(ref)) {
        options[field.key] = ref
        set = true
      }
      if (field.required && !set)
        issues.push({ path, message: `enter the ${field.label.toLowerCase()}` })
      continue
    }
    if (field.kind === 'boolean') {
      if (typeof draft === 'boolean') options[field.key] = draft
      continue
    }
    if (field.kind === 'rule') {
      if (isRule(draft) && draft.path.trim() !== '') {
        options[field.key] =
          draft.equals === ''
            ? { path: draft.path.trim() }
            : { path: draft.path.trim(), equals: draft.equals }
        set = true
      } else if (isRule(draft) && draft.equals !== '') {
        issues.push({ path: `${path}.path`, message: 'name the field the value is read from' })
      }
    } else if (typeof draft === 'string' && draft.trim() !== '') {
      set = true
      const text = draft.trim()
      if (field.kind === 'list') options[field.key] = listItems(text)
      else if (field.kind === 'number') {
        if (/^-?\d+(\.\d+)?$/.test(text)) options[field.key] = Number(text)
        else issues.push({ path, message: 'enter a number' })
      } else options[field.key] = text
    }
    if (field.required && !set && !hasDefault(field))
      issues.push({ path, message: `${field.label} is required` })
  }
  return { options, issues }
}
