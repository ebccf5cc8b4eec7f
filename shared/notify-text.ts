/**
 * The text a new trigger's notification starts with. It should say what happened in words a
 * person reads at a glance: the source by its name and the values of the fields the condition
 * looks at ("Home doors: door front, state open"), not "door from home-doors". Pure, so the
 * builder fills it in and tests check it without an engine.
 */

import { isLeaf, type Condition } from './conditions/schema'
import type { TriggerMode } from './trigger-config'

export interface NotifyTextInput {
  condition: Condition
  /** The trigger's event types; empty: every type. */
  events: readonly string[]
  /** The trigger's sources with the names the user gave them; empty: every source. */
  sources: readonly { id: string; name: string }[]
  mode?: TriggerMode
}

export interface NotifyText {
  title: string
  body: string
}

/** Fields named in a default text at most; the event has the rest. */
const MAX_FIELDS = 4
/** Roots whose value the text already says another way (or that mean nothing to a reader). */
const SKIPPED_FIELDS = new Set(['type', 'sourceId', 'id', 'receivedAt'])

/** A notification's title and body for a new trigger (templates, see shared/templates.ts). */
export function defaultNotifyText(input: NotifyTextInput): NotifyText {
  const source = input.sources.length === 1 ? literal(input.sources[0]!.name) : '{{sourceId}}'
  if (input.mode === 'absence') {
    return {
      title: '{{trigger.name}}',
      body: `Nothing from ${source} for {{absence.seconds}} s (since {{absence.since}})`,
    }
  }
  const single = input.events.length === 1
  const fields = conditionFields(input.condition)
    .filter((field) => !SKIPPED_FIELDS.has(field))
    .slice(0, MAX_FIELDS)
  const values = fields.map((field) => `${label(field)} {{${field}}}`).join(', ')
  return {
    title: '{{trigger.name}}',
    body:
      values === ''
        ? `${single ? literal(input.events[0]!) : '{{type}}'} from ${source}`
        : `${source}${single ? '' : ' {{type}}'}: ${values}`,
  }
}

/** What a single shot's `onExpire` starts with: "<name> did not happen by <deadline>". */
export function defaultOnExpireText(): NotifyText {
  return {
    title: '{{trigger.name}}: not by the deadline',
    body: '{{trigger.name}} did not happen by {{trigger.deadline}}.',
  }
}

/** The distinct fields the condition's leaves read, in the order they appear. */
export function conditionFields(condition: Condition): string[] {
  const fields: string[] = []
  const walk = (node: Condition) => {
    if (isLeaf(node)) {
      if (!fields.includes(node.field)) fields.push(node.field)
    } else if ('not' in node) walk(node.not)
    else for (const child of 'all' in node ? node.all : node.any) walk(child)
  }
  walk(condition)
  return fields
}

/** `payload.door` reads as "door", `payload.Items.*.Value` as "Items.*.Value". */
function label(field: string): string {
  return field.replace(/^payload\./, '')
}

/** Text the user typed (a source's name), kept from being read as a placeholder. */
function literal(text: string): string {
  return text.replaceAll('{{', '{ {')
}
