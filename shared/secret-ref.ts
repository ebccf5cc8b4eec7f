/**
 * How a config document points at a secret: a property named `secretRef` (or ending in
 * `SecretRef`, such as `tokenSecretRef`) whose value is the name the secret is stored under in
 * the SecretStore. Config files, exports, logs and REST answers carry these names, never values.
 */

import { z } from 'zod'

export const secretRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'use 1-128 letters, digits, ".", "_", ":" or "-"')

export function isSecretRefKey(key: string): boolean {
  return key === 'secretRef' || key.endsWith('SecretRef')
}

/** Every secret reference in a document, sorted and without repeats. */
export function collectSecretRefs(document: unknown): string[] {
  const refs = new Set<string>()
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item)
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (typeof child === 'string' && isSecretRefKey(key)) refs.add(child)
        else visit(child)
      }
    }
  }
  visit(document)
  return [...refs].sort()
}
