/**
 * The e2e fixture: one running Vigil with a fresh data dir per test, and a page showing its UI.
 *
 * VIGIL_E2E_TARGET=headless (default): the headless host (out/main/headless.js) in Node, driven in
 * Chromium. VIGIL_E2E_TARGET=electron: the real app (out/main/index.js) through Playwright's
 * Electron support, where an Electron binary exists. Specs use only `vigil.page` and
 * `vigil.invoke`, so the same specs run against both.
 */

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  test as base,
  chromium,
  _electron,
  type Browser,
  type ElectronApplication,
  type Page,
} from '@playwright/test'
import WebSocket from 'ws'
import { CHROMIUM_ARGS, chromiumExecutable } from './browser'

const root = resolve(import.meta.dirname, '..')
export const target = process.env.VIGIL_E2E_TARGET === 'electron' ? 'electron' : 'headless'

export interface VigilApp {
  page: Page
  dataDir: string
  /** REST for scripts; only the headless host serves it. */
  rest: { origin: string; token: string } | null
  /** Calls a contract channel the way the UI does, returning its Result envelope. */
  invoke(
    channel: string,
    ...args: unknown[]
  ): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
}

export interface VigilOptions {
  /** A config v1 document to start with instead of the first-run demo. */
  config?: unknown
}

export async function startHeadless(
  dataDir: string,
  configPath: string | undefined,
  /** A given token and port, to restart a host as it was (default: a random token, a free port). */
  as: { token?: string; port?: number } = {},
): Promise<{ child: ChildProcess; url: string; origin: string; token: string }> {
  const token = as.token ?? `e2e-${Math.random().toString(36).slice(2)}-${Date.now()}`
  const args = [
    join(root, 'out/main/headless.js'),
    '--port',
    String(as.port ?? 0),
    '--data-dir',
    dataDir,
    '--token',
    token,
  ]
  if (configPath) args.push('--config', configPath)
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`headless host did not start:\n${output}`)),
      20_000,
    )
    const scan = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /open: (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolveUrl(match[1]!)
      }
    }
    child.stdout!.on('data', scan)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`headless host exited with ${code}:\n${output}`)))
  })
  return { child, url, origin: new URL(url).origin, token }
}

/** Ends a headless host the way Ctrl+C or a service manager does, and waits for it to exit. */
export async function stopHeadless(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  await exited
}

/** One contract call through the headless host's bridge socket, authenticated like a script. */
export async function invokeOverBridge(
  rest: { origin: string; token: string },
  channel: string,
  args: unknown[],
) {
  const socket = new WebSocket(`${rest.origin.replace('http', 'ws')}/bridge`, {
    headers: { authorization: `Bearer ${rest.token}` },
  })
  try {
    await new Promise((resolveOpen, reject) => {
      socket.once('open', resolveOpen)
      socket.once('error', reject)
    })
    socket.send(JSON.stringify({ t: 'invoke', id: 1, channel, args }))
    return await new Promise<Awaited<ReturnType<VigilApp['invoke']>>>((resolveResult) => {
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { t: string; id?: number; result?: never }
        if (frame.t === 'result' && frame.id === 1) resolveResult(frame.result!)
      })
    })
  } finally {
    socket.close()
  }
}

export const test = base.extend<{ vigilOptions: VigilOptions; vigil: VigilApp }>({
  vigilOptions: [{}, { option: true }],
  vigil: async ({ vigilOptions }, use, testInfo) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-e2e-'))
    let configPath: string | undefined
    if (vigilOptions.config) {
      const { writeFile } = await import('node:fs/promises')
      configPath = join(dataDir, 'config.json')
      await writeFile(configPath, JSON.stringify(vigilOptions.config))
    }
    let browser: Browser | undefined
    let electronApp: ElectronApplication | undefined
    let child: ChildProcess | undefined
    try {
      let page: Page
      let rest: VigilApp['rest'] = null
      if (target === 'electron') {
        electronApp = await _electron.launch({
          args: [join(root, 'out/main/index.js'), '--data-dir', dataDir],
          cwd: root,
        })
        page = await electronApp.firstWindow()
      } else {
        const host = await startHeadless(dataDir, configPath)
        child = host.child
        rest = { origin: host.origin, token: host.token }
        const executablePath = chromiumExecutable()
        browser = await chromium.launch({
          ...(executablePath ? { executablePath } : {}),
          args: CHROMIUM_ARGS,
        })
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
        page = await context.newPage()
        await page.goto(host.url)
      }
      // The first page is on screen, so the router's start-up navigation is over: a spec that
      // sets the hash next is not overridden by it (pages load lazily, slower on a busy machine).
      await page
        .getByRole('main')
        .getByRole('heading', { level: 1 })
        .first()
        .waitFor({ timeout: 30_000 })
      const invoke: VigilApp['invoke'] = rest
        ? (channel, ...args) => invokeOverBridge(rest!, channel, args)
        : (channel, ...args) =>
            page.evaluate(
              ([c, a]) =>
                (
                  window as unknown as {
                    api: { invoke: (c: string, a: unknown[]) => Promise<never> }
                  }
                ).api.invoke(c, a),
              [channel, args] as const,
            )
      await use({ page, dataDir, rest, invoke })
      if (testInfo.status !== testInfo.expectedStatus) {
        await page.screenshot({ path: testInfo.outputPath('failure.png') }).catch(() => {})
      }
    } finally {
      await browser?.close()
      await electronApp?.close()
      if (child) await stopHeadless(child)
      await rm(dataDir, { recursive: true, force: true })
    }
  },
})

export { expect } from '@playwright/test'
