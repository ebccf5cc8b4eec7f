/**
 * Every simulator by name, with its own command-line flags, so `npm run sim -- <name>` (cli.ts)
 * serves each of them from one table. Adding a simulator is one entry here.
 */

import { startCensusSimulator } from './census/census-simulator'
import { startEbsocketsSimulator } from './ebsockets/ebsockets-simulator'
import { DEFAULT_NEUROIO_TOKEN, startNeuroioSimulator } from './neuroio/neuroio-simulator'
import { DEFAULT_PI_PASSWORD, DEFAULT_PI_USER, startPiSimulator } from './piwebapi/pi-simulator'
import type { CommonSimulatorOptions, RunningSimulator } from './sim-server'
import {
  DEFAULT_SIMPLISAFE_TOKEN,
  DEFAULT_SIMPLISAFE_USER_ID,
  IDENTIFY_TYPE,
  startSimpliSafeSimulator,
} from './simplisafe/simplisafe-simulator'

export interface FlagSpec {
  /** The flag without its dashes, e.g. `close-code`. */
  name: string
  kind: 'integer' | 'number' | 'string' | 'boolean'
  help: string
  min?: number
  max?: number
}

export type FlagValue = string | number | boolean
export type FlagValues = Readonly<Record<string, FlagValue | undefined>>

export interface SimulatorEntry {
  name: string
  title: string
  defaultRate: number
  flags: readonly FlagSpec[]
  start(common: CommonSimulatorOptions, flags: FlagValues): Promise<RunningSimulator>
  /** What a client does first, printed by the CLI under the URL. */
  hint(flags: FlagValues): string
}

function str(flags: FlagValues, name: string): string | undefined {
  const value = flags[name]
  return typeof value === 'string' ? value : undefined
}

function num(flags: FlagValues, name: string): number | undefined {
  const value = flags[name]
  return typeof value === 'number' ? value : undefined
}

function bool(flags: FlagValues, name: string): boolean | undefined {
  const value = flags[name]
  return typeof value === 'boolean' ? value : undefined
}

const PROBABILITY = { min: 0, max: 1 } as const
const MILLISECONDS = { min: 0, max: 2 ** 31 - 1 } as const

export const SIMULATORS: readonly SimulatorEntry[] = [
  {
    name: 'census',
    title: 'PlanetSide 2 Census event stream (ESS)',
    defaultRate: 5,
    flags: [
      {
        name: 'heartbeat-ms',
        kind: 'integer',
        help: 'ms between heartbeats (30000)',
        min: 1,
        max: MILLISECONDS.max,
      },
      {
        name: 'duplicate-rate',
        kind: 'number',
        help: 'probability an event is sent twice (0.02)',
        ...PROBABILITY,
      },
      {
        name: 'reserialise-repeats',
        kind: 'boolean',
        help: 'repeats come in an envelope serialised another way (off: byte for byte)',
      },
      {
        name: 'strict-world-events',
        kind: 'boolean',
        help: 'world events only for listed world ids, never for worlds ["all"] (off)',
      },
    ],
    start: (common, flags) =>
      startCensusSimulator({
        ...common,
        heartbeatMs: num(flags, 'heartbeat-ms'),
        duplicateRate: num(flags, 'duplicate-rate'),
        reserialiseRepeats: bool(flags, 'reserialise-repeats'),
        strictWorldEvents: bool(flags, 'strict-world-events'),
      }),
    hint: () =>
      'Subscribe with: {"service":"event","action":"subscribe","characters":["all"],' +
      '"worlds":["all"],"eventNames":["all"],"logicalAndCharactersWithWorlds":true}',
  },
  {
    name: 'neuroio',
    title: 'NeuroIO events',
    defaultRate: 2,
    flags: [
      { name: 'token', kind: 'string', help: `token AUTH accepts (${DEFAULT_NEUROIO_TOKEN})` },
      {
        name: 'close-after-auth-ms',
        kind: 'integer',
        help: 'close this long after auth (off)',
        ...MILLISECONDS,
      },
      {
        name: 'close-code',
        kind: 'integer',
        help: 'code for that close, e.g. 4000 or 1013 (1000)',
        min: 1000,
        max: 4999,
      },
      {
        name: 'binary-rate',
        kind: 'number',
        help: 'probability of a binary frame per event (0.01)',
        ...PROBABILITY,
      },
      {
        name: 'auth-timeout-ms',
        kind: 'integer',
        help: 'close if no AUTH within (10000)',
        min: 1,
        max: MILLISECONDS.max,
      },
      {
        name: 'bad-ping-reply',
        kind: 'boolean',
        help: 'answer PING with something other than PONG (off)',
      },
    ],
    start: (common, flags) => {
      const token = str(flags, 'token')
      return startNeuroioSimulator({
        ...common,
        tokens: token === undefined ? undefined : [token],
        closeAfterAuthMs: num(flags, 'close-after-auth-ms'),
        closeCode: num(flags, 'close-code'),
        binaryRate: num(flags, 'binary-rate'),
        authTimeoutMs: num(flags, 'auth-timeout-ms'),
        badPingReply: bool(flags, 'bad-ping-reply'),
      })
    },
    hint: (flags) =>
      `Send at once: {"action":"AUTH","data":{"token":"${str(flags, 'token') ?? DEFAULT_NEUROIO_TOKEN}"}}, ` +
      'then {"action":"PING"} every 5 s',
  },
  {
    name: 'piwebapi',
    title: 'PI Web API channels (OSIsoft / AVEVA)',
    defaultRate: 10,
    flags: [
      { name: 'user', kind: 'string', help: `Basic user (${DEFAULT_PI_USER})` },
      {
        name: 'password',
        kind: 'string',
        help: `Basic password (${DEFAULT_PI_PASSWORD}; test only)`,
      },
      { name: 'bearer', kind: 'string', help: 'also accept this Bearer token' },
      { name: 'anonymous', kind: 'boolean', help: 'accept upgrades without credentials' },
      {
        name: 'poll-ms',
        kind: 'integer',
        help: 'polling interval (1000)',
        min: 5,
        max: MILLISECONDS.max,
      },
      {
        name: 'string-booleans',
        kind: 'boolean',
        help: 'booleans as "true"/"false", as older servers',
      },
      {
        name: 'web-exception-rate',
        kind: 'number',
        help: 'probability of a WebException per poll (0)',
        ...PROBABILITY,
      },
      {
        name: 'bad-value-rate',
        kind: 'number',
        help: 'probability of a bad (system state) value (0.01)',
        ...PROBABILITY,
      },
    ],
    start: (common, flags) => {
      const bearer = str(flags, 'bearer')
      return startPiSimulator({
        ...common,
        users: [
          {
            user: str(flags, 'user') ?? DEFAULT_PI_USER,
            password: str(flags, 'password') ?? DEFAULT_PI_PASSWORD,
          },
        ],
        bearerTokens: bearer === undefined ? undefined : [bearer],
        anonymous: bool(flags, 'anonymous'),
        pollMs: num(flags, 'poll-ms'),
        booleans: bool(flags, 'string-booleans') ? 'string' : 'native',
        webExceptionRate: num(flags, 'web-exception-rate'),
        badValueRate: num(flags, 'bad-value-rate'),
      })
    },
    hint: (flags) =>
      `Basic auth on the upgrade: ${str(flags, 'user') ?? DEFAULT_PI_USER} / ` +
      `${flags.password === undefined ? DEFAULT_PI_PASSWORD : '(the --password given)'}`,
  },
  {
    name: 'simplisafe',
    title: 'SimpliSafe socketlink',
    defaultRate: 0.5,
    flags: [
      {
        name: 'token',
        kind: 'string',
        help: `access token identify must carry (${DEFAULT_SIMPLISAFE_TOKEN})`,
      },
      {
        name: 'user-id',
        kind: 'string',
        help: `user id to join as uid:<id> (${DEFAULT_SIMPLISAFE_USER_ID})`,
      },
      {
        name: 'system-id',
        kind: 'integer',
        help: 'sid in events (7654321)',
        min: 1,
        max: 2 ** 31 - 1,
      },
      {
        name: 'unknown-cid-rate',
        kind: 'number',
        help: 'probability of an unknown eventCid (0.03)',
        ...PROBABILITY,
      },
    ],
    start: (common, flags) =>
      startSimpliSafeSimulator({
        ...common,
        accessToken: str(flags, 'token'),
        userId: str(flags, 'user-id'),
        systemId: num(flags, 'system-id'),
        unknownCidRate: num(flags, 'unknown-cid-rate'),
      }),
    hint: (flags) =>
      `Identify with: {"type":"${IDENTIFY_TYPE}","specversion":"1.0",...,"data":{"auth":` +
      `{"schema":"bearer","token":"${str(flags, 'token') ?? DEFAULT_SIMPLISAFE_TOKEN}"},` +
      `"join":["uid:${str(flags, 'user-id') ?? DEFAULT_SIMPLISAFE_USER_ID}"]}}`,
  },
  {
    name: 'ebsockets',
    title: 'ebsockets-style events ({"event": type, ...attributes})',
    defaultRate: 5,
    flags: [],
    start: (common) => startEbsocketsSimulator(common),
    hint: () => 'Send events such as {"event":"message","content":"hi","channel":"general"}',
  },
]

export function findSimulator(name: string): SimulatorEntry | undefined {
  return SIMULATORS.find((entry) => entry.name === name)
}
