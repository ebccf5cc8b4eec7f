// The built headless host as a real process whose stdout the reader closes or points at a full
// device: it keeps running, and its log file says what happened without any secret. No browser.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { startHeadless, stopHeadless } from './fixtures'

const root = resolve(import.meta.dirname, '..')
const token = 'logs-e2e-token-0123456789'

/** A Census simulator source, and a trigger writing a log line (info: stdout) on every event. */
const chattyConfig = {
  version: 1,
  sources: [
    {
      id: 'census',
      name: 'Census',
      preset: 'census',
      url: 'sim://census/streaming?environment=ps2&service-id=s:e2e&rate=20',
      options: {
        eventNames: ['Death', 'GainExperience'],
        characters: ['all'],
        worlds: ['all'],
        logicalAndCharactersWithWorlds: false,
      },
    },
  ],
  triggers: [
    {
      id: 'log-every-event',
      name: 'Log every event',
      sources: ['census'],
      actions: [{ type: 'log', message: '{{type}} from {{sourceId}}', level: 'info' }],
    },
  ],
}

async function withDataDir(run: (dataDir: string, configPath: string) => Promise<void>) {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-e2e-logs-'))
  const configPath = join(dataDir, 'config.json')
  await writeFile(configPath, JSON.stringify(chattyConfig))
  try {
    await run(dataDir, configPath)
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** The built host with the given stdin, stdout and stderr, stopped after `run`. */
async function withHost(
  stdio: StdioOptions,
  run: (child: ChildProcess, dataDir: string) => Promise<void>,
) {
  await withDataDir(async (dataDir, configPath) => {
    const args = ['out/main/headless.js', '--port', '0', '--data-dir', dataDir, '--token', token]
    const child = spawn(process.execPath, [...args, '--config', configPath], { cwd: root, stdio })
    try {
      await run(child, dataDir)
    } finally {
      await stopHeadless(child)
    }
  })
}

const logPath = (dataDir: string) => join(dataDir, 'logs', 'vigil.log')
const readLog = (dataDir: string) => readFile(logPath(dataDir), 'utf8').catch(() => '')

/** The origin the host listens on, from its log file (the reader may not see stdout). */
async function origin(child: ChildProcess, dataDir: string): Promise<string> {
  let found: string | undefined
  await expect
    .poll(async () => {
      expect(child.exitCode, `the host exited:\n${await readLog(dataDir)}`).toBeNull()
      found = /listening on (http:\/\/\S+)/.exec(await readLog(dataDir))?.[1]
      return found
    })
    .toBeDefined()
  return found!
}

async function fired(origin: string): Promise<number> {
  const response = await fetch(`${origin}/api/triggers`, {
    headers: { authorization: `Bearer ${token}` },
  })
  const triggers = (await response.json()) as { id: string; counters: { fired: number } }[]
  return triggers.find((trigger) => trigger.id === 'log-every-event')!.counters.fired
}

/** The host went on writing log lines to its console for a while, and still answers. */
async function expectStillServing(child: ChildProcess, origin: string) {
  const before = await fired(origin)
  await expect.poll(() => fired(origin)).toBeGreaterThan(before + 20)
  expect(child.exitCode).toBeNull()
  const health = await fetch(`${origin}/api/health`)
  expect(health.status).toBe(200)
  expect(await health.json()).toMatchObject({ ok: true })
}

test.describe('headless host: console and log file', () => {
  test('keeps running when the reader closes stdout after the first line (| head -1)', async () => {
    await withHost(['ignore', 'pipe', 'ignore'], async (child, dataDir) => {
      // What `head -1` does: read one line, then close the pipe.
      await new Promise<void>((done, fail) => {
        let seen = ''
        child.stdout!.on('data', (chunk: Buffer) => {
          seen += chunk.toString()
          if (seen.includes('\n')) {
            child.stdout!.destroy()
            done()
          }
        })
        child.once('exit', (code) => fail(new Error(`the host exited with ${code}`)))
      })
      await expectStillServing(child, await origin(child, dataDir))
      expect(await readLog(dataDir)).toMatch(/WARN {2}stdout cannot be written: .*(EPIPE|EOF)/)
    })
  })

  test('keeps running when stdout and stderr are a full disk (/dev/full)', async () => {
    // A device that answers every write with ENOSPC; Linux has one (CI's .ci/run runs there).
    test.skip(process.platform !== 'linux', '/dev/full exists on Linux only')
    const full = openSync('/dev/full', 'w')
    try {
      await withHost(['ignore', full, full], async (child, dataDir) => {
        await expectStillServing(child, await origin(child, dataDir))
        expect(await readLog(dataDir)).toMatch(/WARN {2}stdout cannot be written: .*ENOSPC/)
      })
    } finally {
      closeSync(full)
    }
  })

  test('logs to <data-dir>/logs/vigil.log, with no token and no secret of a source URL', async () => {
    await withDataDir(async (dataDir, configPath) => {
      const host = await startHeadless(dataDir, configPath)
      try {
        const headers = { authorization: `Bearer ${host.token}` }
        // A live change of the source's URL is logged with the new URL ("now on ..."), redacted.
        const config = (await (await fetch(`${host.origin}/api/config`, { headers })).json()) as {
          sources: { url: string }[]
        }
        config.sources[0]!.url = config.sources[0]!.url.replace('s:e2e', 's:secret-service-id')
        const put = await fetch(`${host.origin}/api/config`, {
          method: 'PUT',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(config),
        })
        expect(put.status).toBe(200)
        await expect.poll(() => readLog(dataDir)).toMatch(/now on/)

        const log = await readLog(dataDir)
        expect(log).toMatch(
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}Vigil .* \(headless\) starting/,
        )
        expect(log).toContain(`listening on ${host.origin}`)
        expect(log).toContain('now on sim://census/streaming?environment=***&service-id=***')
        expect(log).not.toContain('secret-service-id')
        expect(log).not.toContain(host.token)
      } finally {
        await stopHeadless(host.child)
      }
    })
  })
})
