/**
 * A real `nats-server -js` for the cluster tests: on 127.0.0.1, a port the server picks itself
 * (`-p -1`, so no other process can take it between choosing and binding), and a temporary store
 * directory that is removed afterwards. `restart()` brings it back on the same port with the same
 * store, as an operator restarting the service would. Test-only; never imported by production
 * code.
 *
 * `npm run setup` installs Debian's `nats-server` (2.9.10) where apt exists, so there a missing
 * binary fails the suites (run setup); where the binary truly cannot be had (no apt, nothing
 * installed by hand), `natsServerBinary` is null and the suites say so and skip.
 */

import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

/** Where `nats-server` is: `VIGIL_NATS_SERVER`, the PATH, or Debian's /usr/sbin (not on a user's PATH). */
export const natsServerBinary: string | null = findBinary()

/** Why the cluster suites cannot run here, or null when they can. */
export function natsServerMissing(): string | null {
  if (natsServerBinary !== null) return null
  const message =
    'nats-server is not installed: the cluster tests need it (`npm run setup` installs it with ' +
    'apt; elsewhere see docs/cluster.md), or set VIGIL_NATS_SERVER to its path'
  if (existsSync('/usr/bin/apt-get')) throw new Error(message)
  console.warn(`[cluster tests skipped] ${message}`)
  return message
}

export interface NatsTestServer {
  /** `nats://127.0.0.1:<port>` */
  url: string
  port: number
  /** Stops the server (SIGTERM, as a service manager would) and waits for it to exit. */
  stop(): Promise<void>
  /** Starts it again on the same port with the same store directory. */
  restart(): Promise<void>
  /** Stops it and removes the store directory. */
  dispose(): Promise<void>
}

export async function startNatsServer(): Promise<NatsTestServer> {
  if (natsServerBinary === null) throw new Error(natsServerMissing() ?? 'nats-server missing')
  const binary = natsServerBinary
  const storeDir = mkdtempSync(join(tmpdir(), 'vigil-nats-'))
  let child: ChildProcess | null = null
  let port = -1
  const launch = async () => {
    const started = await launchServer(binary, port, storeDir)
    child = started.child
    port = started.port
  }
  const stop = async () => {
    const running = child
    child = null
    if (running) await stopProcess(running)
  }
  await launch()
  return {
    get url() {
      return `nats://127.0.0.1:${port}`
    },
    get port() {
      return port
    },
    stop,
    restart: async () => {
      await stop()
      await launch()
    },
    dispose: async () => {
      await stop()
      rmSync(storeDir, { recursive: true, force: true })
    },
  }
}

const LISTENING = /Listening for client connections on 127\.0\.0\.1:(\d+)/

function launchServer(
  binary: string,
  port: number,
  storeDir: string,
): Promise<{ child: ChildProcess; port: number }> {
  const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir]
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  // A test run that ends without cleaning up (a crash, a timeout) must not leave servers behind.
  const reap = () => child.kill('SIGKILL')
  process.once('exit', reap)
  child.once('exit', () => process.off('exit', reap))
  return new Promise((resolve, reject) => {
    let log = ''
    let ready = false
    const timer = setTimeout(() => fail(new Error('nats-server did not start within 10 s')), 10_000)
    const fail = (error: Error) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${error.message}\n${log}`))
    }
    child.once('error', fail)
    child.once('exit', (code) => fail(new Error(`nats-server exited with ${code}`)))
    child.stderr!.setEncoding('utf8')
    child.stderr!.on('data', (chunk: string) => {
      if (ready) return
      log = (log + chunk).slice(-20_000)
      const listening = LISTENING.exec(log)
      // JetStream is ready once the server says it is ready for connections.
      if (listening && log.includes('Server is ready')) {
        ready = true
        clearTimeout(timer)
        child.removeAllListeners('exit')
        child.removeAllListeners('error')
        resolve({ child, port: Number(listening[1]) })
      }
    })
  })
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

function findBinary(): string | null {
  const candidates = [
    process.env.VIGIL_NATS_SERVER,
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => dir && join(dir, 'nats-server')),
    '/usr/sbin/nats-server',
    '/usr/local/bin/nats-server',
  ]
  for (const candidate of candidates) {
    if (!candidate) continue
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not there; try the next
    }
  }
  return null
}
