/**
 * Runs a simulator on its own, for trying Vigil (or any client) against a local stream:
 *
 *   npm run sim -- census --port 8080 --rate 200
 *   npm run sim -- piwebapi --rate 50000 --poll-ms 100
 *   npm run sim -- simplisafe --reject 403
 *
 * It binds 127.0.0.1 unless --host says otherwise: a simulator is a test fixture, and putting one
 * on the network should be a deliberate choice, never a default.
 */

import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { SIMULATORS, findSimulator, type FlagSpec, type FlagValue } from './catalog'
import type { FaultOptions } from './faults'
import { MAX_RATE } from './sim-server'
import { errorText } from '../../shared/utils/error-text'

interface Range {
  min: number
  max: number
  integer?: boolean
}

const MILLISECONDS = { min: 1, max: 2 ** 31 - 1, integer: true }

/** Flags every simulator takes: where to listen, how fast, and the shared fault switches. */
const COMMON_FLAGS: readonly FlagSpec[] = [
  {
    name: 'port',
    kind: 'integer',
    help: 'port to listen on (default: a free one)',
    min: 0,
    max: 65_535,
  },
  {
    name: 'rate',
    kind: 'number',
    help: `generated events per second, 0 to ${MAX_RATE}`,
    min: 0,
    max: MAX_RATE,
  },
  {
    name: 'seed',
    kind: 'integer',
    help: 'seed for a reproducible stream',
    min: 0,
    max: 2 ** 32 - 1,
  },
  { name: 'host', kind: 'string', help: 'address to bind (127.0.0.1; anything else exposes it)' },
  {
    name: 'reject',
    kind: 'integer',
    help: 'answer every upgrade with this HTTP status (401, 403, 503…)',
    min: 400,
    max: 599,
  },
  {
    name: 'half-open',
    kind: 'boolean',
    help: 'every connection goes silent and stops answering pings',
  },
  {
    name: 'half-open-after-ms',
    kind: 'integer',
    help: 'each connection goes half-open this long after it opens',
    ...MILLISECONDS,
  },
  {
    name: 'drop-every-ms',
    kind: 'integer',
    help: 'drop every connection at this interval',
    ...MILLISECONDS,
  },
  {
    name: 'malformed-rate',
    kind: 'number',
    help: 'probability per frame of a malformed frame before it',
    min: 0,
    max: 1,
  },
]

function flagLines(flags: readonly FlagSpec[]): string {
  return flags
    .map((flag) => {
      const name = `--${flag.name}${flag.kind === 'boolean' ? '' : ' V'}`
      return `  ${name.padEnd(26)}${flag.help}`
    })
    .join('\n')
}

export const USAGE = `Usage: npm run sim -- <simulator> [options]

Simulators:
${SIMULATORS.map((entry) => `  ${entry.name.padEnd(12)}${entry.title} (default ${entry.defaultRate} events/s)`).join('\n')}

Options for every simulator:
${flagLines(COMMON_FLAGS)}
  --help                    show this help
${SIMULATORS.filter((entry) => entry.flags.length > 0)
  .map((entry) => `\n${entry.name} options:\n${flagLines(entry.flags)}`)
  .join('\n')}
`

export interface CliOptions {
  simulator: string
  host: string
  port: number
  /** Absent: the simulator's own default. */
  rate?: number
  seed?: number
  faults: FaultOptions
  /** The simulator's own flags, by flag name. */
  settings: Record<string, FlagValue>
}

export type CliParse =
  { ok: true; options: CliOptions } | { ok: false; help: boolean; error?: string }

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host)
}

function number(text: string, name: string, range: Range): number {
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

function convert(flag: FlagSpec, raw: string | boolean): FlagValue {
  if (flag.kind === 'boolean' || typeof raw === 'boolean') return raw
  if (flag.kind === 'string') return raw
  return number(raw, flag.name, {
    min: flag.min ?? -Infinity,
    max: flag.max ?? Infinity,
    integer: flag.kind === 'integer',
  })
}

/** Every flag any simulator knows, so that one meant for another simulator gets a clear error. */
function allFlags(): Map<string, FlagSpec> {
  const flags = new Map<string, FlagSpec>()
  for (const flag of [...COMMON_FLAGS, ...SIMULATORS.flatMap((entry) => entry.flags)]) {
    flags.set(flag.name, flag)
  }
  return flags
}

export function parseCli(argv: readonly string[]): CliParse {
  const known = allFlags()
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...Object.fromEntries(
          [...known.values()].map((flag) => [
            flag.name,
            { type: flag.kind === 'boolean' ? ('boolean' as const) : ('string' as const) },
          ]),
        ),
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    return { ok: false, help: false, error: errorText(error) }
  }
  const { values, positionals } = parsed
  if (values.help) return { ok: false, help: true }
  const [name, ...extra] = positionals
  const entry = name === undefined ? undefined : findSimulator(name)
  if (!entry) {
    return { ok: false, help: false, error: name ? `unknown simulator "${name}"` : undefined }
  }
  if (extra.length > 0) return { ok: false, help: false, error: `unexpected "${extra.join(' ')}"` }
  try {
    const common = new Map<string, FlagValue>()
    const settings: Record<string, FlagValue> = {}
    const own = new Set(entry.flags.map((flag) => flag.name))
    const shared = new Set(COMMON_FLAGS.map((flag) => flag.name))
    for (const [key, raw] of Object.entries(values)) {
      if (key === 'help' || raw === undefined || typeof raw === 'object') continue
      const flag = known.get(key)!
      if (!own.has(key) && !shared.has(key))
        throw new Error(`--${key} does not apply to ${entry.name}`)
      const value = convert(flag, raw)
      if (own.has(key)) settings[key] = value
      else common.set(key, value)
    }
    const get = (key: string) => common.get(key)
    const numeric = (key: string) => {
      const value = get(key)
      return typeof value === 'number' ? value : undefined
    }
    const faults: FaultOptions = {}
    if (numeric('reject') !== undefined) faults.rejectStatus = numeric('reject')
    if (get('half-open') === true) faults.halfOpen = true
    if (numeric('half-open-after-ms') !== undefined)
      faults.halfOpenAfterMs = numeric('half-open-after-ms')
    if (numeric('drop-every-ms') !== undefined) faults.dropEveryMs = numeric('drop-every-ms')
    if (numeric('malformed-rate') !== undefined) faults.malformedRate = numeric('malformed-rate')
    const host = get('host')
    const options: CliOptions = {
      simulator: entry.name,
      host: typeof host === 'string' ? host : '127.0.0.1',
      port: numeric('port') ?? 0,
      ...(numeric('rate') === undefined ? {} : { rate: numeric('rate') }),
      ...(numeric('seed') === undefined ? {} : { seed: numeric('seed') }),
      faults,
      settings,
    }
    return { ok: true, options }
  } catch (error) {
    return { ok: false, help: false, error: errorText(error) }
  }
}

function describeFaults(faults: FaultOptions): string {
  const on = Object.entries(faults).map(([key, value]) => `${key}=${String(value)}`)
  return on.length > 0 ? `Faults: ${on.join(', ')}\n` : ''
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
  const entry = findSimulator(options.simulator)!
  if (!isLoopback(options.host)) {
    process.stderr.write(`warning: listening on ${options.host}: reachable from the network\n`)
  }
  const simulator = await entry.start(
    {
      host: options.host,
      port: options.port,
      rate: options.rate,
      seed: options.seed,
      faults: options.faults,
    },
    options.settings,
  )
  process.stdout.write(
    `${entry.title} simulator listening (${options.rate ?? entry.defaultRate} events/s)\n` +
      `${simulator.url}\n${entry.hint(options.settings)}\n${describeFaults(options.faults)}`,
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
    process.stderr.write(`${errorText(error)}\n`)
    process.exit(1)
  })
}
