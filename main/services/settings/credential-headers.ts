/**
 * An export must not carry a credential the user typed straight into a header (an
 * `X-Api-Key: 9f8e...` on a source, an `Authorization: Bearer ...` on a webhook): the file gets
 * shared, and the header would go with it. So an exported document names such a value as a
 * secret reference instead (`{{secret.faces-x-api-key}}`), which the export answer lists with the
 * other references to enter on the receiving machine. The running config is left as it is.
 *
 * A header counts as a credential by its name: `Authorization`, `Proxy-Authorization`, `Cookie`,
 * or any name containing `token`, `secret`, `key` or `password` (case-insensitive). Only literal
 * values are replaced; one that already names a secret, or is rendered from the event, stays.
 */

import type { Config } from '../../../shared/config'
import { parseSecretText } from '../../../shared/secret-text'
import type { SourceConfig } from '../../../shared/source-config'
import { parseTemplate } from '../../../shared/templates'
import type { ActionConfig, TriggerConfig } from '../../../shared/trigger-config'
import { secretRefsInConfig } from '../../../shared/config-secrets'

const CREDENTIAL_NAMES = new Set(['authorization', 'proxy-authorization', 'cookie'])
const CREDENTIAL_WORDS = /token|secret|key|password/i

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_NAMES.has(name.toLowerCase()) || CREDENTIAL_WORDS.test(name)
}

/** `Bearer abc` keeps its scheme in the header, so the secret to enter is the token itself. */
const AUTH_SCHEME = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +(\S.*)$/

/** The longest reference this makes (references may hold 128 characters; room for `-99`). */
const MAX_REF_CHARS = 120

/**
 * Chooses a reference per owner, header and value, avoiding every one the config uses and every
 * stored secret holding another value (one holding this very value is reused, so exporting twice
 * names the same secrets). `chosen` ends up mapping each reference to the value it stands for.
 */
class RefNamer {
  private readonly taken: Set<string>
  private readonly byKey = new Map<string, string>()
  readonly chosen = new Map<string, string>()

  constructor(
    config: Config,
    private readonly stored: ReadonlyMap<string, string>,
  ) {
    this.taken = new Set(secretRefsInConfig(config))
  }

  name(owner: string, header: string, value: string): string {
    const key = JSON.stringify([owner, header.toLowerCase(), value])
    const known = this.byKey.get(key)
    if (known !== undefined) return known
    const base = `${owner}-${slug(header)}`.slice(0, MAX_REF_CHARS).replace(/-+$/, '')
    let ref = base
    for (let n = 2; !this.free(ref, value); n++) ref = `${base}-${n}`
    this.taken.add(ref)
    this.byKey.set(key, ref)
    this.chosen.set(ref, value)
    return ref
  }

  private free(ref: string, value: string): boolean {
    if (this.taken.has(ref)) return false
    const stored = this.stored.get(ref)
    return stored === undefined || stored === value
  }
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'header'
  )
}

/** What stays literal in a credential header value (an auth scheme), and the secret after it. */
function splitCredential(name: string, value: string): { prefix: string; secret: string } {
  const lower = name.toLowerCase()
  const scheme =
    lower === 'authorization' || lower === 'proxy-authorization' ? AUTH_SCHEME.exec(value) : null
  return scheme ? { prefix: `${scheme[1]} `, secret: scheme[2]! } : { prefix: '', secret: value }
}

/** Replaces literal credential values in one headers object, or answers it unchanged. */
function replaceLiterals(
  headers: Readonly<Record<string, string>>,
  isLiteral: (value: string) => boolean,
  refFor: (header: string, secret: string) => string,
): Record<string, string> {
  let changed = false
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (isCredentialHeader(name) && value.trim() !== '' && isLiteral(value)) {
      const { prefix, secret } = splitCredential(name, value)
      out[name] = `${prefix}{{secret.${refFor(name, secret)}}}`
      changed = true
    } else out[name] = value
  }
  return changed ? out : (headers as Record<string, string>)
}

const literalInSource = (value: string) => {
  const parsed = parseSecretText(value)
  return parsed.ok && parsed.text.secretNames.length === 0
}

const literalInWebhook = (value: string) => {
  const parsed = parseTemplate(value, { secrets: true })
  return parsed.ok && parsed.template.constant
}

/** The document as exported, and the value each reference it made stands for. */
export interface CredentialRefs {
  config: Config
  /** Reference → the literal value it replaced. */
  values: ReadonlyMap<string, string>
}

/**
 * The document as exported: literal credential header values named as secret references.
 * `stored` (reference → value) keeps the names clear of stored secrets that hold other values.
 */
export function withCredentialRefs(
  config: Config,
  stored: ReadonlyMap<string, string> = new Map(),
): CredentialRefs {
  const namer = new RefNamer(config, stored)
  const sources = config.sources.map((source): SourceConfig => {
    const headers = replaceLiterals(source.headers, literalInSource, (name, value) =>
      namer.name(source.id, name, value),
    )
    return headers === source.headers ? source : { ...source, headers }
  })
  const triggers = config.triggers.map((trigger): TriggerConfig => {
    const actions = trigger.actions.map((action): ActionConfig => {
      if (action.type !== 'webhook') return action
      const headers = replaceLiterals(action.headers, literalInWebhook, (name, value) =>
        namer.name(trigger.id, name, value),
      )
      return headers === action.headers ? action : { ...action, headers }
    })
    return actions.every((action, i) => action === trigger.actions[i])
      ? trigger
      : { ...trigger, actions }
  })
  return { config: { ...config, sources, triggers }, values: namer.chosen }
}
