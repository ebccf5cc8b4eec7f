import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { isLoopback, parseCli } from './cli'

describe('parseCli', () => {
  it('reads the census options with loopback defaults', () => {
    expect(
      parseCli(['census', '--port', '9000', '--rate', '250', '--heartbeat-ms', '1000']),
    ).toEqual({
      ok: true,
      options: { simulator: 'census', host: '127.0.0.1', port: 9000, rate: 250, heartbeatMs: 1000 },
    })
    expect(parseCli(['census'])).toMatchObject({ ok: true, options: { port: 0, rate: 5 } })
  })

  it('refuses unknown simulators, bad numbers and unknown flags', () => {
    expect(parseCli(['neuroio'])).toEqual({
      ok: false,
      help: false,
      error: 'unknown simulator "neuroio"',
    })
    expect(parseCli([])).toMatchObject({ ok: false, help: false })
    expect(parseCli(['census', '--rate', 'lots'])).toMatchObject({ ok: false })
    expect(parseCli(['census', '--rate', '60000'])).toMatchObject({ ok: false })
    expect(parseCli(['census', '--port', '-1'])).toMatchObject({ ok: false })
    expect(parseCli(['census', '--colour'])).toMatchObject({ ok: false })
    expect(parseCli(['--help'])).toEqual({ ok: false, help: true })
  })

  it('knows which hosts are loopback', () => {
    expect(['127.0.0.1', '127.3.2.1', '::1', 'localhost'].every(isLoopback)).toBe(true)
    expect(['0.0.0.0', '::', '192.168.1.10'].some(isLoopback)).toBe(false)
  })
})

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Runs the CLI the way `npm run sim` does, through tsx. */
function runCli(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

describe('sim CLI', () => {
  it('exits with 2 and the usage for an unknown simulator', async () => {
    const child = runCli(['nope'])
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise((resolve) => child.once('exit', resolve))
    expect(code).toBe(2)
    expect(stderr).toContain('unknown simulator "nope"')
    expect(stderr).toContain('Usage: npm run sim')
  })

  it('prints a URL that serves the stream, and closes cleanly on SIGTERM', async () => {
    const child = runCli(['census', '--rate', '10'])
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = ''
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString()
          const match = /ws:\/\/\S+/.exec(stdout)
          if (match) resolve(match[0])
        })
        child.once('exit', () => reject(new Error(`exited early: ${stdout}`)))
      })
      expect(url).toMatch(
        /^ws:\/\/127\.0\.0\.1:\d+\/streaming\?environment=ps2&service-id=s:example$/,
      )
      const frame = await new Promise((resolve, reject) => {
        const socket = new WebSocket(url)
        socket.once('message', (data) => {
          resolve(JSON.parse(data.toString()))
          socket.close()
        })
        socket.once('error', reject)
      })
      expect(frame).toMatchObject({ type: 'connectionStateChanged' })
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 20_000)
})
