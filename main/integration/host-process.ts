/**
 * A headless host in a process of its own, run from source (`node --import tsx
 * main/headless/cli.ts`), for tests that need several hosts and need to kill one outright. It
 * has its own data dir and token; `rest` calls its REST API. Test-only.
 */

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')
const CLI = join(root, 'main/headless/cli.ts')
/** Three hosts start at once on a busy 2-core machine: tsx compiles each from source. */
const START_TIMEOUT_MS = 60_000

export interface HostProcess {
  child: ChildProcess
  origin: string
  token: string
  dataDir: string
  /** Everything the host printed, stdout and stderr. */
  output(): string
  get<T>(path: string): Promise<T>
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown }>
  /** SIGTERM, as Ctrl-C or a service manager would; waits for the exit. */
  stop(): Promise<void>
  /** SIGKILL: nothing released, nothing flushed. */
  kill(): Promise<void>
  /** Stops it if it still runs and removes its data dir. */
  dispose(): Promise<void>
}

export interface HostProcessOptions {
  args: string[]
  /** A config v1 document to start with (written to the data dir). */
  config?: unknown
  env?: Record<string, string>
  /** Another run's data dir, to restart that host with what it stored (default: a new one). */
  dataDir?: string
}

/** Runs the CLI with `args` to its end: for the option checks that never start a host. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((done) => child.once('exit', (code) => done({ code, output })))
}

export async function startHostProcess(options: HostProcessOptions): Promise<HostProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-host-'))
  const token = `test-${Math.random().toString(36).slice(2)}-${Date.now()}`
  const args = ['--port', '0', '--data-dir', dataDir, '--token', token, ...options.args]
  if (options.config !== undefined) {
    const configPath = join(dataDir, 'config.json')
    writeFileSync(configPath, JSON.stringify(options.config))
    args.push('--config', configPath)
  }
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const origin = await new Promise<string>((resolveOrigin, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`host did not start:\n${output}`)),
      START_TIMEOUT_MS,
    )
    const scan = () => {
      const match = /open: (http:\/\/\S+)/.exec(output)
      if (!match) return
      clearTimeout(timer)
      resolveOrigin(new URL(match[1]!).origin)
    }
    child.stdout!.on('data', scan)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`host exited with ${code}:\n${output}`))
    })
  })
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        ...headers,
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: response.status, body: (await response.json()) as unknown }
  }
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill(name)
    await exited
  }
  return {
    child,
    origin,
    token,
    dataDir,
    output: () => output,
    request,
    async get<T>(path: string) {
      const { status, body } = await request('GET', path)
      if (status !== 200) throw new Error(`GET ${path}: ${status} ${JSON.stringify(body)}`)
      return body as T
    },
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    async dispose() {
      await signal('SIGTERM')
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Whether the host has joined its cluster: it logs so once its stream readers run, so from then
 * on it reads everything published.
 */
export function joined(host: HostProcess): boolean {
  return /cluster: "[^"]+" joined as a/.test(host.output())
}

/** Polls `probe` until it answers true; async, unlike test-server's `waitFor`. */
export async function eventually(
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await probe().catch(() => false)) return
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolveWait) => setTimeout(resolveWait, 200))
  }
}
