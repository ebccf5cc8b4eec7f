/**
 * A reference to a secret in the secret store, never the secret itself: config files, exports,
 * logs and REST answers carry this name only. The value is stored with the `secret:set` channel.
 */

import { z } from 'zod'

export const secretRefSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
    'a secret reference is 1-128 letters, digits, ".", "_", ":" or "-"',
  )

/** A secret's value as `secret:set` (and a connection test) takes it. */
export const secretValueSchema = z
  .string()
  .min(1, 'the secret is empty')
  .max(64 * 1024)
