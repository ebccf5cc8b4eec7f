import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { SIMULATORS } from './catalog'
import { USAGE, isLoopback, parseCli } from './cli'
import { DEFAULT_NEUROIO_TOKEN } from './neuroio/neuroio-simulator'
import { DEFAULT_PI_PASSWORD, DEFAULT_PI_USER } from './piwebapi/pi-simulator'
import { SimClient, refusedHandshake, type Frame } from './sim-test-client'
import { DEFAULT_SIMPLISAFE_TOKEN, IDENTIFY_TYPE } from './simplisafe/simplisafe-simulator'

describe('parseCli', () => {
  it('reads the common options with loopback defaults', () => {
    expect(
      parseCli(['census', '--port', '9000', '--rate', '250', '--heartbeat-ms', '1000']),
    ).toEqual({
      ok: true,
      options: {
        simulator: 'census',
        host: '127.0.0.1',
        port: 9000,
        rate: 250,
        faults: {},
        settings: { 'heartbeat-ms': 1000 },
      },
    })
    const bare = parseCli(['census'])
    expect(bare).toMatchObject({ ok: true, options: { port: 0, faults: {}, settings: {} } })
    // Without --rate each simulator keeps its own default rate.
    expect(bare).not.toHaveProperty('options.rate')
  })

  it('serves every simulator in the catalog', () => {
    expect(SIMULATORS.map((entry) => entry.name)).toEqual([
      'census',
      'neuroio',
      'piwebapi',
      'simplisafe',
      'ebsockets',
    ])
    for (const entry of SIMULATORS) {
      expect(parseCli([entry.name, '--rate', '50000'])).toMatchObject({
        ok: true,
        options: { simulator: entry.name, rate: 50_000 },
      })
      expect(USAGE).toContain(entry.name)
    }
  })

  it("reads each simulator's own flags", () => {
    expect(
      parseCli(['neuroio', '--token', 't', '--close-after-auth-ms', '0', '--close-code', '4000']),
    ).toMatchObject({
      ok: true,
      options: { settings: { token: 't', 'close-after-auth-ms': 0, 'close-code': 4000 } },
    })
    expect(
      parseCli([
        'piwebapi',
        '--user',
        'u',
        '--password',
        'p',
        '--string-booleans',
        '--poll-ms',
        '50',
      ]),
    ).toMatchObject({
      ok: true,
      options: { settings: { user: 'u', password: 'p', 'string-booleans': true, 'poll-ms': 50 } },
    })
    expect(parseCli(['simplisafe', '--token', 'x', '--user-id', '42'])).toMatchObject({
      ok: true,
      options: { settings: { token: 'x', 'user-id': '42' } },
    })
  })

  it('reads the shared fault switches', () => {
    expect(
      parseCli([
        'ebsockets',
        '--reject',
        '503',
        '--half-open',
        '--half-open-after-ms',
        '2000',
        '--drop-every-ms',
        '10000',
        '--malformed-rate',
        '0.1',
      ]),
    ).toMatchObject({
      ok: true,
      options: {
        faults: {
          rejectStatus: 503,
          halfOpen: true,
          halfOpenAfterMs: 2000,
          dropEveryMs: 10_000,
          malformedRate: 0.1,
        },
      },
    })
  })

  it('refuses unknown simulators, bad numbers, foreign and unknown flags', () => {
    expect(parseCli(['nope'])).toEqual({
      ok: false,
      help: false,
      error: 'unknown simulator "nope"',
    })
    expect(parseCli([])).toMatchObject({ ok: false, help: false })
    expect(parseCli(['census', '--rate', 'lots'])).toMatchObject({ ok: false })
    expect(parseCli(['census', '--rate', '60000'])).toMatchObject({ ok: false })
    expect(parseCli(['census', '--port', '-1'])).toMatchObject({ ok: false })
    expect(parseCli(['census', '--colour'])).toMatchObject({ ok: false })
    expect(parseCli(['census', '--reject', '200'])).toMatchObject({ ok: false })
    expect(parseCli(['census', '--malformed-rate', '1.5'])).toMatchObject({ ok: false })
    expect(parseCli(['census', '--token', 'x'])).toEqual({
      ok: false,
      help: false,
      error: '--token does not apply to census',
    })
    expect(parseCli(['census', 'extra'])).toMatchObject({ ok: false, error: 'unexpected "extra"' })
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

/** Starts the CLI, hands its URL to `use`, then stops it with SIGTERM and checks it exits 0. */
async function withCli(args: string[], use: (url: string) => Promise<void>): Promise<void> {
  const child = runCli(args)
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
    await use(url)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
  }
}

const PI_AUTH = {
  headers: {
    Authorization: `Basic ${Buffer.from(`${DEFAULT_PI_USER}:${DEFAULT_PI_PASSWORD}`).toString('base64')}`,
  },
}

/** Per simulator: the first exchange a client has with it. */
const FIRST_EXCHANGE: Record<string, (url: string) => Promise<Frame>> = {
  census: async (url) => (await SimClient.open(url)).next(),
  neuroio: async (url) => {
    const client = await SimClient.open(url)
    client.send({ action: 'AUTH', data: { token: DEFAULT_NEUROIO_TOKEN } })
    return client.next()
  },
  piwebapi: async (url) => (await SimClient.open(url, PI_AUTH)).next(),
  simplisafe: async (url) => {
    const client = await SimClient.open(url)
    client.send({
      type: IDENTIFY_TYPE,
      specversion: '1.0',
      data: { auth: { schema: 'bearer', token: DEFAULT_SIMPLISAFE_TOKEN }, join: ['uid:1234567'] },
    })
    return client.next()
  },
  ebsockets: async (url) => {
    const client = await SimClient.open(url)
    client.send({ event: 'ping' })
    return client.until((frame) => frame.event === 'pong')
  },
}

const EXPECTED: Record<string, Frame> = {
  census: { type: 'connectionStateChanged' },
  neuroio: { auth: 'ok' },
  piwebapi: { Links: {} },
  simplisafe: { type: 'com.simplisafe.service.hello' },
  ebsockets: { event: 'pong' },
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
  }, 30_000)

  it.each(SIMULATORS.map((entry) => entry.name))(
    'serves %s at the URL it prints, and closes cleanly on SIGTERM',
    async (name) => {
      await withCli([name, '--rate', '10'], async (url) => {
        expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//)
        const frame = await FIRST_EXCHANGE[name]!(url)
        expect(frame).toMatchObject(EXPECTED[name]!)
      })
    },
    30_000,
  )

  it('applies fault flags', async () => {
    await withCli(['simplisafe', '--reject', '403'], async (url) => {
      expect((await refusedHandshake(url)).status).toBe(403)
    })
  }, 30_000)
})
