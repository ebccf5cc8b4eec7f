/**
 * The source editor's model: what the form fields hold (text, as typed), how that becomes a source
 * in config v1, and back. Only what the user set is written, so a better default (the preset's or
 * Vigil's) still reaches the source later. The shared zod schema decides what is valid; problems
 * come back with config paths (`reconnect.maxMs`), which are also the form's field names, so each
 * message shows beside the field that caused it.
 *
 * The secret's value is deliberately not part of this model: the form keeps it apart, stores it
 * with `secret:set`, and only its reference ever reaches the config.
 */

import type { PresetDescriptor } from '../../shared/preset-descriptor'
import type { PresetId } from '../../shared/preset-id'
import type { Issue } from '../../shared/result'
import { validateWith } from '../../shared/schema-kit'
import { sourceConfigSchema, type SourceConfigInput } from '../../shared/source-config'
import {
  SECRET_PLACEHOLDER,
  type AuthSettings,
  type FrameMatch,
  type OutgoingMessage,
} from '../../shared/source-settings'
import { draftsToOptions, emptyOptionDrafts, type OptionDrafts, type RuleForm } from './preset-form'

export type AuthType = AuthSettings['type']
export type HeaderScheme = 'bearer' | 'basic' | 'raw'
/** `preset`: the preset's application ping (or none); `off`: none at all; `custom`: the fields. */
export type AppPingMode = 'preset' | 'off' | 'custom'

export interface SourceForm {
  id: string
  name: string
  preset: PresetId
  enabled: boolean
  url: string
  eventTypePath: string
  headers: { name: string; value: string }[]
  /** One message per entry: a JSON object when it starts with `{`, else text. */
  onOpen: string[]
  /** The preset's own fields (see preset-form.ts). */
  options: OptionDrafts
  auth: {
    type: AuthType
    param: string
    headerName: string
    scheme: HeaderScheme
    username: string
    template: string
    successWhen: RuleForm
    failureWhen: RuleForm
    timeoutMs: string
    /** Where the secret is stored; blank means `defaultSecretRef(id)`. */
    secretRef: string
  }
  protocols: string
  tlsCaFile: string
  allowSelfSigned: boolean
  maxPayloadBytes: string
  handshakeTimeoutMs: string
  perMessageDeflate: boolean
  pingIntervalMs: string
  pongTimeoutMs: string
  appPing: { mode: AppPingMode; message: string; intervalMs: string; expectReply: RuleForm }
  reconnectInitialMs: string
  reconnectMaxMs: string
  stableAfterMs: string
  silenceMs: string
  deadChannelMs: string
}

export const emptyRule = (): RuleForm => ({ path: '', equals: '' })

export function emptySourceForm(
  preset: PresetId = 'generic',
  descriptor?: PresetDescriptor,
): SourceForm {
  return {
    id: '',
    name: '',
    preset,
    enabled: true,
    url: '',
    eventTypePath: '',
    headers: [],
    onOpen: [],
    options: descriptor ? emptyOptionDrafts(descriptor) : {},
    auth: {
      type: 'none',
      param: 'token',
      headerName: '',
      scheme: 'bearer',
      username: '',
      template: '',
      successWhen: emptyRule(),
      failureWhen: emptyRule(),
      timeoutMs: '',
      secretRef: '',
    },
    protocols: '',
    tlsCaFile: '',
    allowSelfSigned: false,
    maxPayloadBytes: '',
    handshakeTimeoutMs: '',
    perMessageDeflate: false,
    pingIntervalMs: '',
    pongTimeoutMs: '',
    appPing: { mode: 'preset', message: '', intervalMs: '', expectReply: emptyRule() },
    reconnectInitialMs: '',
    reconnectMaxMs: '',
    stableAfterMs: '',
    silenceMs: '',
    deadChannelMs: '',
  }
}

/** A source id from a name: `Front door cameras` becomes `front-door-cameras`. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '')
}

export function defaultSecretRef(id: string): string {
  return `${id || 'source'}-secret`
}

export function secretRefOf(form: SourceForm): string {
  return form.auth.secretRef.trim() || defaultSecretRef(form.id.trim())
}

/**
 * The reference a header value is stored under when the user asks to keep it as a secret:
 * `faces-x-api-key`, or `faces-x-api-key-2` and on when that name is taken.
 */
export function headerSecretRef(
  sourceId: string,
  headerName: string,
  taken: ReadonlySet<string>,
): string {
  const base = `${sourceId.trim() || 'source'}-${slugify(headerName) || 'header'}`.slice(0, 120)
  let ref = base
  for (let n = 2; taken.has(ref); n++) ref = `${base}-${n}`
  return ref
}

/** Whether a header value already names a secret (`{{secret.name}}`). */
export function namesSecret(value: string): boolean {
  return /\{\{\s*secret\s*[.[]/.test(value)
}

/** Whether the source's login uses a secret, so the form must ask for one. */
export function usesSecret(form: SourceForm): boolean {
  const { type, template } = form.auth
  if (type === 'query' || type === 'header') return true
  return type === 'message' && template.includes(SECRET_PLACEHOLDER)
}

// ---- form to config ---------------------------------------------------------------------------

class Collector {
  readonly issues: Issue[] = []

  number(text: string, path: string): number | undefined {
    const trimmed = text.trim()
    if (trimmed === '') return undefined
    if (!/^-?\d+$/.test(trimmed)) {
      // Durations are typed in seconds or minutes (DurationInput): a whole number is not asked.
      const message = path.endsWith('Ms') ? 'enter a number' : 'enter a whole number'
      this.issues.push({ path, message })
      return undefined
    }
    return Number(trimmed)
  }

  message(text: string, path: string, required: string | null): OutgoingMessage | undefined {
    if (text.trim() === '') {
      if (required) this.issues.push({ path, message: required })
      return undefined
    }
    if (!text.trimStart().startsWith('{')) return text
    try {
      const parsed: unknown = JSON.parse(text)
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>
      this.issues.push({ path, message: 'a message starting with { must be a JSON object' })
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error)
      this.issues.push({ path, message: `not valid JSON: ${why}` })
    }
    return undefined
  }

  rule(rule: RuleForm, path: string): FrameMatch | undefined {
    const rulePath = rule.path.trim()
    if (rulePath === '') {
      if (rule.equals.trim() !== '')
        this.issues.push({ path: `${path}.path`, message: 'name the field the value is read from' })
      return undefined
    }
    // A string equals a number or boolean with the same text (docs/config.md), so text is enough here.
    return rule.equals === '' ? { path: rulePath } : { path: rulePath, equals: rule.equals }
  }
}

function compact<T extends Record<string, unknown>>(value: T): Partial<T> | undefined {
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item
  return Object.keys(out).length > 0 ? (out as Partial<T>) : undefined
}

function headersFrom(form: SourceForm, c: Collector): Record<string, string> {
  const headers: Record<string, string> = {}
  form.headers.forEach((header, index) => {
    const name = header.name.trim()
    if (name === '' && header.value === '') return
    if (name === '') c.issues.push({ path: 'headers', message: `header ${index + 1} has no name` })
    else if (Object.hasOwn(headers, name))
      c.issues.push({ path: `headers.${name}`, message: `"${name}" is listed twice` })
    else headers[name] = header.value
  })
  return headers
}

function authFrom(form: SourceForm, c: Collector): AuthSettings | undefined {
  const auth = form.auth
  const secret = secretRefOf(form)
  switch (auth.type) {
    case 'none':
      return undefined
    case 'query':
      return { type: 'query', param: auth.param.trim(), secret }
    case 'header': {
      const header: Record<string, unknown> = { type: 'header', secret }
      if (auth.headerName.trim()) header.name = auth.headerName.trim()
      if (auth.scheme !== 'bearer') header.scheme = auth.scheme
      if (auth.scheme === 'basic' || auth.username !== '') header.username = auth.username
      return header as AuthSettings
    }
    case 'message': {
      const template = c.message(auth.template, 'auth.template', 'write the login message')
      const message: Record<string, unknown> = { type: 'message', template: template ?? '' }
      if (auth.template.includes(SECRET_PLACEHOLDER)) message.secret = secret
      const successWhen = c.rule(auth.successWhen, 'auth.successWhen')
      const failureWhen = c.rule(auth.failureWhen, 'auth.failureWhen')
      const timeoutMs = c.number(auth.timeoutMs, 'auth.timeoutMs')
      Object.assign(message, compact({ successWhen, failureWhen, timeoutMs }))
      return message as AuthSettings
    }
  }
}

function keepaliveFrom(form: SourceForm, c: Collector) {
  const pingIntervalMs = c.number(form.pingIntervalMs, 'keepalive.pingIntervalMs')
  const pongTimeoutMs = c.number(form.pongTimeoutMs, 'keepalive.pongTimeoutMs')
  let app: unknown
  if (form.appPing.mode === 'off') app = null
  if (form.appPing.mode === 'custom') {
    const message = c.message(form.appPing.message, 'keepalive.app.message', 'write the ping')
    let intervalMs = c.number(form.appPing.intervalMs, 'keepalive.app.intervalMs')
    if (form.appPing.intervalMs.trim() === '') {
      c.issues.push({ path: 'keepalive.app.intervalMs', message: 'say how often to send it' })
      intervalMs = undefined
    }
    const expectReply = c.rule(form.appPing.expectReply, 'keepalive.app.expectReply')
    app = compact({ message: message ?? '', intervalMs: intervalMs ?? 0, expectReply })
  }
  const keepalive: Record<string, unknown> = compact({ pingIntervalMs, pongTimeoutMs }) ?? {}
  if (app !== undefined) keepalive.app = app
  return Object.keys(keepalive).length > 0 ? keepalive : undefined
}

/**
 * Which secrets the form can count on: references with a value already stored, and the fields
 * whose value the user typed (`auth` for the login's, an option's key for a preset field's).
 */
export interface SecretState {
  stored: ReadonlySet<string>
  entered: ReadonlySet<string>
}

/**
 * The config this form describes, and the problems found turning text into values (numbers that
 * are not numbers, JSON that does not parse). The schema's own checks come after, in
 * `validateSourceForm`.
 */
export function formToSource(
  form: SourceForm,
  descriptor: PresetDescriptor,
  secrets: SecretState,
): { source: SourceConfigInput; issues: Issue[] } {
  const c = new Collector()
  const source: Record<string, unknown> = {
    id: form.id.trim(),
    name: form.name,
    preset: form.preset,
    enabled: form.enabled,
    url: form.url.trim(),
  }
  if (form.eventTypePath.trim()) source.eventTypePath = form.eventTypePath.trim()
  const preset = draftsToOptions(descriptor, form.options, form.id.trim(), secrets)
  c.issues.push(...preset.issues)
  if (Object.keys(preset.options).length > 0) source.options = preset.options
  source.headers = headersFrom(form, c)
  source.onOpen = form.onOpen.flatMap((text, index) => {
    const message = c.message(text, `onOpen.${index}`, 'empty message: write one or remove it')
    return message === undefined ? [] : [message]
  })
  const protocols = form.protocols.split(/[\s,]+/).filter(Boolean)
  const tls = compact({
    caFile: form.tlsCaFile.trim() || undefined,
    allowSelfSigned: form.allowSelfSigned || undefined,
  })
  const reconnect = compact({
    initialMs: c.number(form.reconnectInitialMs, 'reconnect.initialMs'),
    maxMs: c.number(form.reconnectMaxMs, 'reconnect.maxMs'),
    stableAfterMs: c.number(form.stableAfterMs, 'reconnect.stableAfterMs'),
  })
  const watchdog = compact({
    silenceMs: c.number(form.silenceMs, 'watchdog.silenceMs'),
    deadChannelMs: c.number(form.deadChannelMs, 'watchdog.deadChannelMs'),
  })
  Object.assign(
    source,
    compact({
      protocols: protocols.length > 0 ? protocols : undefined,
      tls,
      maxPayloadBytes: c.number(form.maxPayloadBytes, 'maxPayloadBytes'),
      handshakeTimeoutMs: c.number(form.handshakeTimeoutMs, 'handshakeTimeoutMs'),
      perMessageDeflate: form.perMessageDeflate || undefined,
      auth: authFrom(form, c),
      keepalive: keepaliveFrom(form, c),
      reconnect,
      watchdog,
    }),
  )
  return { source: source as SourceConfigInput, issues: c.issues }
}

export type FormValidation =
  { ok: true; source: SourceConfigInput } | { ok: false; issues: Issue[] }

/** What the editor hands the page to save. */
export interface SourceSubmission {
  source: SourceConfigInput
  /** New secret values to store first; the source names only their references. */
  secrets: { ref: string; value: string }[]
}

/** Every problem with the form, by config path, or the source to save. */
export function validateSourceForm(
  form: SourceForm,
  descriptor: PresetDescriptor,
  secrets: SecretState,
): FormValidation {
  const { source, issues } = formToSource(form, descriptor, secrets)
  const parsed = validateWith(sourceConfigSchema, source)
  let all = [...issues, ...(parsed.ok ? [] : parsed.issues)]
  // An empty id is missing rather than malformed: say so, not the pattern it must follow.
  if (form.id.trim() === '')
    all = [
      { path: 'id', message: 'an id is required (it follows the name until you type one)' },
      ...all.filter((issue) => issue.path !== 'id'),
    ]
  if (usesSecret(form) && !secrets.stored.has(secretRefOf(form)) && !secrets.entered.has('auth'))
    all.push({ path: 'auth.secret', message: 'enter the secret this login needs' })
  // A conversion problem and the schema's complaint about the placeholder left behind say the
  // same thing twice; keep the first per path.
  const seen = new Set<string>()
  const unique = all.filter((issue) => {
    const key = `${issue.path}\n${issue.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return unique.length === 0 ? { ok: true, source } : { ok: false, issues: unique }
}
