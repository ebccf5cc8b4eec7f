/**
 * Text templates for trigger actions: `{{payload.character_id}} reached BR {{payload.battle_rank}}`.
 * A placeholder is a field path rooted at the event (`payload.x`, `type`, `sourceId`, `receivedAt`,
 * `id`), at the trigger (`trigger.id`, `trigger.name`, `trigger.deadline`), or, in an absence
 * trigger's firing, at the silence (`absence.seconds`, `absence.lastSeenAt`, `absence.since`).
 * Templates are parsed once; rendering is
 * a loop over literal parts and pre-split paths. A missing value renders as nothing (never as
 * "undefined"), objects as JSON, and a wildcard path as its values joined with ", ".
 */

import type { VigilEvent } from './domain'
import { collectPath, readPath, type ParsedPath } from './field-path'
import { EVENT_ROOTS, parseEventPath } from './conditions/event-path'

export const TEMPLATE_ROOTS = [...EVENT_ROOTS, 'trigger', 'absence'] as const

/** The `absence` root: what an absence trigger's firing tells about the silence. */
export interface AbsenceScope {
  /** The silence that fires the trigger (its `absence.seconds`). */
  seconds: number
  /** ISO time of the last matching event; empty when none has arrived since Vigil started. */
  lastSeenAt: string
  /** ISO time the silence began: the last match, or when its sources were last all open. */
  since: string
}

export interface TemplateScope {
  event: VigilEvent
  /** `deadline`: a single shot's deadline as an ISO time, when it has one. */
  trigger: { id: string; name: string; deadline?: string }
  /** Only in an absence trigger's firing. */
  absence?: AbsenceScope
  /** Values for the `secret.<name>` root, where a template allows it (webhook URL and headers). */
  secrets?: Readonly<Record<string, string>>
}

export interface Template {
  readonly text: string
  /** True when the template has no placeholders (rendering returns `text`). */
  readonly constant: boolean
  /** Names used under `secret.` (resolved by the caller before rendering). */
  readonly secretNames: readonly string[]
  render(scope: TemplateScope): string
}

export type TemplateParse = { ok: true; template: Template } | { ok: false; message: string }

type Root = 'event' | 'trigger' | 'secret' | 'absence'
type Part = string | { path: ParsedPath; root: Root }

const OPEN = '{{'
const CLOSE = '}}'

export interface TemplateOptions {
  /** Allows `{{secret.name}}` (only where the value never reaches a log or a notification). */
  secrets?: boolean
  /**
   * Applied to each value read from the event (what the stream sent), not to literal text,
   * secrets or trigger fields: a webhook URL passes `encodeURIComponent`, so a payload value is one
   * path segment or query value and cannot add segments, parameters or a fragment.
   */
  encodeEventValues?: (text: string) => string
}

export function parseTemplate(text: string, options: TemplateOptions = {}): TemplateParse {
  const parts: Part[] = []
  const secretNames: string[] = []
  const roots: readonly string[] = options.secrets ? [...TEMPLATE_ROOTS, 'secret'] : TEMPLATE_ROOTS
  let at = 0
  while (at < text.length) {
    const open = text.indexOf(OPEN, at)
    if (open < 0) {
      parts.push(text.slice(at))
      break
    }
    if (open > at) parts.push(text.slice(at, open))
    const close = text.indexOf(CLOSE, open + OPEN.length)
    if (close < 0) return { ok: false, message: `unclosed {{ at position ${open + 1}` }
    const inner = text.slice(open + OPEN.length, close).trim()
    const parsed = parseEventPath(inner, roots)
    if (!parsed.ok)
      return { ok: false, message: `bad placeholder at position ${open + 1}: ${parsed.message}` }
    const root = parsed.path.segments[0]
    if (root === 'secret') {
      const name = parsed.path.segments[1]
      if (parsed.path.segments.length !== 2 || typeof name !== 'string')
        return { ok: false, message: `write a secret as {{secret.name}} (position ${open + 1})` }
      secretNames.push(name)
    }
    const own: Root = root === 'trigger' || root === 'secret' || root === 'absence' ? root : 'event'
    parts.push({ path: own === 'event' ? parsed.path : tail(parsed.path), root: own })
    at = close + CLOSE.length
  }
  const constant = parts.every((part) => typeof part === 'string')
  const literal = constant ? parts.join('') : ''
  return {
    ok: true,
    template: {
      text,
      constant,
      secretNames,
      render: constant
        ? () => literal
        : (scope) => renderParts(parts, scope, options.encodeEventValues),
    },
  }
}

export function mustParseTemplate(text: string, options?: TemplateOptions): Template {
  const parsed = parseTemplate(text, options)
  if (!parsed.ok) throw new Error(`invalid template: ${parsed.message}`)
  return parsed.template
}

function tail(path: ParsedPath): ParsedPath {
  return { segments: path.segments.slice(1), hasWildcard: path.hasWildcard }
}

function renderParts(
  parts: readonly Part[],
  scope: TemplateScope,
  encodeEventValue: ((text: string) => string) | undefined,
): string {
  let out = ''
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part
      continue
    }
    const root =
      part.root === 'event'
        ? scope.event
        : part.root === 'trigger'
          ? scope.trigger
          : part.root === 'absence'
            ? scope.absence
            : scope.secrets
    const text = part.path.hasWildcard
      ? collectPath(root, part.path).map(show).filter(Boolean).join(', ')
      : show(readPath(root, part.path))
    out += encodeEventValue && part.root === 'event' ? encodeEventValue(text) : text
  }
  return out
}

/** How one value reads in text. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** A JSON value whose strings are templates (webhook bodies, `send` messages). */
export type JsonTemplate = (scope: TemplateScope) => unknown

export function compileJsonTemplate(value: unknown): JsonTemplate {
  if (typeof value === 'string') {
    const template = mustParseTemplate(value)
    return (scope) => template.render(scope)
  }
  if (Array.isArray(value)) {
    const items = value.map(compileJsonTemplate)
    return (scope) => items.map((item) => item(scope))
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([key, item]) => [key, compileJsonTemplate(item)] as const,
    )
    // fromEntries defines own properties: a "__proto__" key stays a key, never a prototype.
    return (scope) => Object.fromEntries(entries.map(([key, item]) => [key, item(scope)]))
  }
  return () => value
}
