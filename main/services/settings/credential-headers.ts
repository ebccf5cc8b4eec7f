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

/** Chooses a fresh reference per owner, header and value, avoiding every one the config uses. */
class RefNamer {
  private readonly taken: Set<string>
  private readonly chosen = new Map<string, string>()

  constructor(config: Config) {
    this.taken = new Set(secretRefsInConfig(config))
  }

  name(owner: string, header: string, value: string): string {
    const key = JSON.stringify([owner, header.toLowerCase(), value])
    const known = this.chosen.get(key)
    if (known !== undefined) return known
    const base = `${owner}-${slug(header)}`.slice(0, MAX_REF_CHARS).replace(/-+$/, '')
    let ref = base
    for (let n = 2; this.taken.has(ref); n++) ref = `${base}-${n}`
    this.taken.add(ref)
    this.chosen.set(key, ref)
    return ref
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

/** The document as exported: literal credential header values named as secret references. */
export function withCredentialRefs(config: Config): Config {
  const namer = new RefNamer(config)
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
  return { ...config, sources, triggers }
}
