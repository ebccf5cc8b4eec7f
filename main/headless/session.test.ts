/**
 * The page's session across host restarts: the cookie is derived from the token under the data
 * directory's key, so a restart with the same token keeps an open page signed in, another token
 * does not; and `POST /api/session` takes a pasted token.
 */

import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../services/testing/test-engine'
import type { Logger } from '../services/util/logger'
import type { HeadlessHost } from './host'
import { loadSessionKey, SESSION_KEY_FILE } from './session-key'
import { startTestHost } from './testing/test-host'

const TOKEN = 'test-token-0123456789abcdef'

describe('session key', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-session-key-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('is made once, readable by its owner only, and read back the same', async () => {
    const key = await loadSessionKey(dir)
    expect(key).toHaveLength(32)
    expect((await stat(join(dir, SESSION_KEY_FILE))).mode & 0o777).toBe(0o600)
    expect(await loadSessionKey(dir)).toEqual(key)
  })

  it('refuses a key others can read, and a file that holds none', async () => {
    const path = join(dir, SESSION_KEY_FILE)
    await loadSessionKey(dir)
    await chmod(path, 0o644)
    await expect(loadSessionKey(dir)).rejects.toThrow(/can be read or written by other users/)
    await writeFile(path, 'not a key\n', { mode: 0o600 })
    await chmod(path, 0o600)
    await expect(loadSessionKey(dir)).rejects.toThrow(/does not hold a session key; delete it/)
  })
})

describe('the page session across restarts', () => {
  let running: TestEngine
  let dir: string
  const hosts: HeadlessHost[] = []
  const logged: string[] = []
  const logger: Logger = {
    info: (message) => logged.push(message),
    warn: (message) => logged.push(message),
    error: (message) => logged.push(message),
  }

  beforeEach(async () => {
    running = await startTestEngine()
    dir = await mkdtemp(join(tmpdir(), 'vigil-session-'))
  })

  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close()
    await running.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  async function start(token: string, port = 0, withKey = true): Promise<HeadlessHost> {
    const host = await startTestHost(running.engine, token, {
      port,
      logger,
      ...(withKey ? { sessionKey: await loadSessionKey(dir) } : {}),
    })
    hosts.push(host)
    return host
  }

  async function stop(host: HeadlessHost): Promise<void> {
    hosts.splice(hosts.indexOf(host), 1)
    await host.close()
  }

  /** Opens the printed URL as a browser does: the token traded for the cookie. */
  async function login(host: HeadlessHost, token: string): Promise<string> {
    const response = await fetch(`${host.origin}/?token=${token}`, { redirect: 'manual' })
    expect(response.status).toBe(303)
    return response.headers.get('set-cookie')!.split(';')[0]!
  }

  const sources = (host: HeadlessHost, cookie: string) =>
    fetch(`${host.origin}/api/sources`, { headers: { cookie } })

  it('a restart with the same token accepts the cookie the page holds; another token does not', async () => {
    const first = await start(TOKEN)
    const cookie = await login(first, TOKEN)
    expect((await sources(first, cookie)).status).toBe(200)
    const port = first.port
    await stop(first)

    const again = await start(TOKEN, port)
    expect((await sources(again, cookie)).status).toBe(200)
    await stop(again)

    const other = await start('another-token-0123456789', port)
    expect((await sources(other, cookie)).status).toBe(401)
    await stop(other)

    // Without the data directory's key, the session is random per run, as it was before.
    const keyless = await start(TOKEN, port, false)
    expect((await sources(keyless, cookie)).status).toBe(401)
  })

  it('POST /api/session takes a pasted token and answers the cookie', async () => {
    const host = await start(TOKEN)
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${host.origin}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })

    const wrong = await post({ token: 'not-the-token-at-all' })
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toEqual({
      error: { code: 'forbidden', message: 'wrong token: use the one the host printed' },
    })
    expect((await post({})).status).toBe(400)
    expect((await post({ token: TOKEN }, { origin: 'http://evil.example' })).status).toBe(403)

    const right = await post({ token: TOKEN }, { origin: host.origin })
    expect(right.status).toBe(204)
    const setCookie = right.headers.get('set-cookie')!
    expect(setCookie).toMatch(/; Path=\/; HttpOnly; SameSite=Strict$/)
    const cookie = setCookie.split(';')[0]!
    expect(cookie).not.toContain(TOKEN)
    expect((await sources(host, cookie)).status).toBe(200)
    // The same cookie as the printed URL gives.
    expect(await login(host, TOKEN)).toBe(cookie)

    expect(logged.join('\n')).not.toContain(TOKEN)
    expect(await readFile(join(dir, SESSION_KEY_FILE), 'utf8')).not.toContain(TOKEN)
  })
})
