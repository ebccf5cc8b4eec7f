/**
 * The key the headless host derives its session cookie with, kept in the data directory
 * (`session-key`, mode 0600, like `secrets.json`). The cookie is an HMAC of the token under this
 * key, so a host restarted with the same token and data directory accepts the cookie an open page
 * already holds, while:
 * - the cookie is never the token, and the token cannot be computed from it;
 * - another token (or another data directory) makes another cookie: old pages are refused;
 * - deleting the file signs every page out (a new key is made at the next start).
 */

import { createHmac, randomBytes } from 'node:crypto'
import { lstat, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { VigilError } from '../../shared/result'
import { checkOwnerOnlyFile } from '../services/secrets/file-secret-store'
import { writeFileAtomic } from '../services/settings/atomic-file'

const KEY_BYTES = 32
export const SESSION_KEY_FILE = 'session-key'

/** Reads the data directory's session key, making one on first use. */
export async function loadSessionKey(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, SESSION_KEY_FILE)
  let info
  try {
    info = await lstat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    const key = randomBytes(KEY_BYTES)
    await writeFileAtomic(path, `${key.toString('base64url')}\n`, { mode: 0o600 })
    return key
  }
  checkOwnerOnlyFile(path, info)
  const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url')
  if (key.length !== KEY_BYTES)
    throw new VigilError(
      'invalid-argument',
      `${path} does not hold a session key; delete it and Vigil makes a new one (open pages then need the token again)`,
    )
  return key
}

/** The session cookie's value for `token` under `key`. */
export function sessionFor(token: string, key: Buffer): string {
  return createHmac('sha256', key).update(`vigil-session\0${token}`).digest('base64url')
}
