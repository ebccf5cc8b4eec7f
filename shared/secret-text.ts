/**
 * Text that may name secrets, as a source's handshake header values do: `Bearer {{secret.api}}`.
 * Only `{{secret.<name>}}` is a placeholder here (nothing else is known when a source connects,
 * and no event exists yet); any other `{{...}}` stays literal text, as it was before header values
 * could hold secrets, so no header written then changes meaning. A placeholder that starts with
 * `secret` but is not a plain `{{secret.name}}` is a mistake worth reporting.
 */

import { parseFieldPath } from './field-path'
import { secretRefSchema } from './secret-ref'

type Part = string | { secret: string }

export interface SecretText {
  /** The secret references used, in order of first use. */
  readonly secretNames: readonly string[]
  /** The text with each placeholder replaced by its value (a missing one renders as nothing). */
  render(secrets: Readonly<Record<string, string>>): string
}

export type SecretTextParse = { ok: true; text: SecretText } | { ok: false; message: string }

const OPEN = '{{'
const CLOSE = '}}'

export function parseSecretText(text: string): SecretTextParse {
  const parts: Part[] = []
  let at = 0
  while (at < text.length) {
    const open = text.indexOf(OPEN, at)
    const close = open < 0 ? -1 : text.indexOf(CLOSE, open + OPEN.length)
    if (close < 0) {
      parts.push(text.slice(at))
      break
    }
    const inner = text.slice(open + OPEN.length, close).trim()
    const end = close + CLOSE.length
    if (!/^secret\s*(?:[.[]|$)/.test(inner)) {
      parts.push(text.slice(at, end))
      at = end
      continue
    }
    const secret = secretName(inner)
    if (secret === undefined)
      return {
        ok: false,
        message: `write a secret as {{secret.name}} (position ${open + 1})`,
      }
    parts.push(text.slice(at, open), { secret })
    at = end
  }
  const secretNames = [
    ...new Set(parts.flatMap((part) => (typeof part === 'string' ? [] : [part.secret]))),
  ]
  return {
    ok: true,
    text: {
      secretNames,
      render: (secrets) =>
        parts
          .map((part) => (typeof part === 'string' ? part : (secrets[part.secret] ?? '')))
          .join(''),
    },
  }
}

function secretName(inner: string): string | undefined {
  const parsed = parseFieldPath(inner)
  if (!parsed.ok || parsed.path.hasWildcard) return undefined
  const [root, name, ...rest] = parsed.path.segments
  if (root !== 'secret' || typeof name !== 'string' || rest.length > 0) return undefined
  return secretRefSchema.safeParse(name).success ? name : undefined
}

/** The secrets a set of header values names (values that do not parse name none). */
export function headerSecretRefs(headers: Readonly<Record<string, string>>): string[] {
  const refs = new Set<string>()
  for (const value of Object.values(headers)) {
    const parsed = parseSecretText(value)
    if (parsed.ok) for (const name of parsed.text.secretNames) refs.add(name)
  }
  return [...refs]
}
