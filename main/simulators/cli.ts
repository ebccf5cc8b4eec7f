/**
 * Runs a simulator on its own, for trying Vigil (or any client) against a local stream:
 *
 *   npm run sim -- census --port 8080 --rate 200
 *
 * It binds 127.0.0.1 unless --host says otherwise: a simulator is a test fixture, and putting one
 * on the network should be a deliberate choice, never a default.
 */

import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { MAX_RATE, startCensusSimulator } from './census/census-simulator'

export const USAGE = `Usage: npm run sim -- <simulator> [options]

Simulators:
  census              PlanetSide 2 Census event stream (ESS)

Options:
  --port N            port to listen on (default: a free one)
  --rate R            generated events per second, 0 to ${MAX_RATE} (default 5)
  --heartbeat-ms M    milliseconds between heartbeats (default 30000)
  --seed S            seed for a reproducible stream
  --duplicate-rate P  probability an event is sent twice (default 0.02)
  --host H            address to bind (default 127.0.0.1; anything else exposes the simulator)
  --help              show this help
`

export interface CliOptions {
  simulator: 'census'
  host: string
  port: number
  rate: number
  heartbeatMs: number
  seed?: number
  duplicateRate?: number
}

export type CliParse =
  { ok: true; options: CliOptions } | { ok: false; help: boolean; error?: string }

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host)
}

interface Range {
  min: number
  max: number
  integer?: boolean
}

function number(text: string | undefined, name: string, fallback: number, range: Range): number {
  if (text === undefined) return fallback
  const value = Number(text)
  const valid =
    text.trim() !== '' &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    value >= range.min &&
    value <= range.max
  if (!valid)
    throw new Error(`--${name} must be between ${range.min} and ${range.max}, not "${text}"`)
  return value
}

export function parseCli(argv: readonly string[]): CliParse {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        rate: { type: 'string' },
        'heartbeat-ms': { type: 'string' },
        seed: { type: 'string' },
        'duplicate-rate': { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    return { ok: false, help: false, error: (error as Error).message }
  }
  const { values, positionals } = parsed
  if (values.help) return { ok: false, help: true }
  const [name, ...extra] = positionals
  if (name !== 'census') {
    return { ok: false, help: false, error: name ? `unknown simulator "${name}"` : undefined }
  }
  if (extra.length > 0) return { ok: false, help: false, error: `unexpected "${extra.join(' ')}"` }
  try {
    const seed =
      values.seed === undefined
        ? undefined
        : number(values.seed, 'seed', 0, { min: 0, max: 2 ** 32 - 1, integer: true })
    const duplicateRate =
      values['duplicate-rate'] === undefined
        ? undefined
        : number(values['duplicate-rate'], 'duplicate-rate', 0, { min: 0, max: 1 })
    const options: CliOptions = {
      simulator: name,
      host: values.host ?? '127.0.0.1',
      port: number(values.port, 'port', 0, { min: 0, max: 65_535, integer: true }),
      rate: number(values.rate, 'rate', 5, { min: 0, max: MAX_RATE }),
      heartbeatMs: number(values['heartbeat-ms'], 'heartbeat-ms', 30_000, {
        min: 1,
        max: 2 ** 31 - 1,
        integer: true,
      }),
      ...(seed === undefined ? {} : { seed }),
      ...(duplicateRate === undefined ? {} : { duplicateRate }),
    }
    return { ok: true, options }
  } catch (error) {
    return { ok: false, help: false, error: (error as Error).message }
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseCli(argv)
  if (!parsed.ok) {
    if (parsed.error) process.stderr.write(`${parsed.error}\n\n`)
    ;(parsed.help ? process.stdout : process.stderr).write(USAGE)
    process.exitCode = parsed.help ? 0 : 2
    return
  }
  const { options } = parsed
  if (!isLoopback(options.host)) {
    process.stderr.write(`warning: listening on ${options.host}: reachable from the network\n`)
  }
  const simulator = await startCensusSimulator(options)
  process.stdout.write(
    `Census simulator listening (${options.rate} events/s)\n${simulator.url}\n` +
      'Subscribe with: {"service":"event","action":"subscribe","characters":["all"],' +
      '"worlds":["all"],"eventNames":["all"],"logicalAndCharactersWithWorlds":true}\n',
  )
  const stop = (signal: NodeJS.Signals) => {
    process.stdout.write(`${signal}: closing\n`)
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

// Runs only as a script (`tsx main/simulators/cli.ts`), so tests can import the parser.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`)
    process.exit(1)
  })
}
