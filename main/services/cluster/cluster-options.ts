/**
 * Who this node is and how it reaches NATS, from the command line (`--cluster`, `--node-name`,
 * `--role`, `--cluster-seed`, `--cluster-retention`, `--cluster-max-bytes`) or the environment
 * (`VIGIL_CLUSTER`, `VIGIL_NODE_NAME`; credentials and TLS files only from the environment, so
 * they never show in a process list). Checked here once, with a message a user can act on.
 *
 * Defaults: the node is named after the host; a headless host is a `member` (it may hold
 * sources), the desktop app a `viewer` (it shows what the members ingest).
 */

import type { ClusterRole } from './cluster-port'
import { errorText } from '../../../shared/utils/error-text'
import { NODE_NAME, NODE_NAME_RULE, natsUrlProblem } from '../../../shared/cluster-settings'

export { NODE_NAME }

export interface ClusterAuth {
  user?: string
  pass?: string
  token?: string
  /** A NATS `.creds` file (JWT and nkey seed), for servers run with accounts. */
  credsFile?: string
}

export interface ClusterTls {
  caFile?: string
  certFile?: string
  keyFile?: string
}

/** How long and how much the events and notifications streams keep (applied when given). */
export interface ClusterRetention {
  maxAgeMs?: number
  maxBytes?: number
}

export interface ClusterSettings {
  /** `nats://host:port` (or `tls://`) without credentials; several for a NATS cluster. */
  servers: string[]
  auth: ClusterAuth
  /** Set when the URL says `tls://` or a TLS file is given: the connection must be TLS. */
  tls: ClusterTls | null
  name: string
  role: ClusterRole
  /** Push this host's config to a cluster that has none yet. */
  seed: boolean
  retention: ClusterRetention
}

export interface ClusterOptionInput {
  cluster?: string | undefined
  nodeName?: string | undefined
  role?: string | undefined
  seed?: boolean | undefined
  retention?: string | undefined
  maxBytes?: string | undefined
}

export interface ClusterHostFacts {
  mode: 'headless' | 'desktop'
  hostname: string
  env: Readonly<Record<string, string | undefined>>
}

export type ClusterSettingsResult =
  { ok: true; settings: ClusterSettings | null } | { ok: false; message: string }

/** Settings for this node, null when no cluster is asked for, or what is wrong with the input. */
export function resolveClusterSettings(
  input: ClusterOptionInput,
  host: ClusterHostFacts,
): ClusterSettingsResult {
  const url = input.cluster ?? host.env.VIGIL_CLUSTER
  if (url === undefined || url.trim() === '') return { ok: true, settings: null }
  try {
    const { servers, auth, secure } = parseServers(url)
    const tls = tlsFiles(host.env)
    const credsFile = host.env.VIGIL_CLUSTER_CREDS
    return {
      ok: true,
      settings: {
        servers,
        auth: credsFile ? { ...auth, credsFile } : auth,
        tls: secure || tls ? (tls ?? {}) : null,
        name: nodeName(input.nodeName ?? host.env.VIGIL_NODE_NAME, host.hostname),
        role: role(input.role, host.mode),
        seed: input.seed ?? false,
        retention: {
          ...(input.retention !== undefined
            ? { maxAgeMs: parseDuration(input.retention, '--cluster-retention') }
            : {}),
          ...(input.maxBytes !== undefined
            ? { maxBytes: parseBytes(input.maxBytes, '--cluster-max-bytes') }
            : {}),
        },
      },
    }
  } catch (error) {
    return { ok: false, message: errorText(error) }
  }
}

function parseServers(text: string): { servers: string[]; auth: ClusterAuth; secure: boolean } {
  const auth: ClusterAuth = {}
  let secure = false
  const servers = text.split(',').map((part) => {
    const trimmed = part.trim()
    const problem = natsUrlProblem(trimmed)
    if (problem) throw new Error(`--cluster: ${problem}`)
    const url = new URL(trimmed)
    if (url.protocol === 'tls:') secure = true
    // NATS URLs carry `user:password@` or a bare `token@`; the client wants them as options.
    if (url.username && url.password) {
      auth.user = decodeURIComponent(url.username)
      auth.pass = decodeURIComponent(url.password)
    } else if (url.username) {
      auth.token = decodeURIComponent(url.username)
    }
    return `${url.protocol}//${url.host}`
  })
  return { servers, auth, secure }
}

function tlsFiles(env: ClusterHostFacts['env']): ClusterTls | null {
  const caFile = env.VIGIL_CLUSTER_CA
  const certFile = env.VIGIL_CLUSTER_CERT
  const keyFile = env.VIGIL_CLUSTER_KEY
  if (Boolean(certFile) !== Boolean(keyFile))
    throw new Error('VIGIL_CLUSTER_CERT and VIGIL_CLUSTER_KEY go together: set both or neither')
  if (!caFile && !certFile) return null
  return { ...(caFile ? { caFile } : {}), ...(certFile && keyFile ? { certFile, keyFile } : {}) }
}

function nodeName(given: string | undefined, hostname: string): string {
  if (given !== undefined) {
    if (!NODE_NAME.test(given)) throw new Error(`--node-name "${given}": use ${NODE_NAME_RULE}`)
    return given
  }
  const named = hostNodeName(hostname)
  if (named !== null) return named
  throw new Error(`the host name "${hostname}" cannot name this node: give --node-name NAME`)
}

/** The node name a host name gives (the default), or null when it cannot name a node. */
export function hostNodeName(hostname: string): string | null {
  // A fully qualified host name may be longer than a node name; its first label names the host.
  const label = hostname.split('.')[0] ?? ''
  if (NODE_NAME.test(hostname)) return hostname
  if (NODE_NAME.test(label)) return label
  return null
}

function role(given: string | undefined, mode: ClusterHostFacts['mode']): ClusterRole {
  if (given === undefined) return mode === 'headless' ? 'member' : 'viewer'
  if (given === 'member' || given === 'viewer') return given
  throw new Error(`--role must be "member" or "viewer", not "${given}"`)
}

const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `90s`, `30m`, `24h`, `7d`. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d{1,6})(s|m|h|d)$/.exec(text.trim())
  if (!match) throw new Error(`${option} "${text}": write a duration such as 90s, 30m, 24h or 7d`)
  const ms = Number(match[1]) * DURATION_UNITS[match[2]!]!
  if (ms < 60_000) throw new Error(`${option} "${text}": keep at least a minute`)
  return ms
}

const BYTE_UNITS: Record<string, number> = { MiB: 2 ** 20, GiB: 2 ** 30 }

/** `512MiB`, `4GiB`. */
export function parseBytes(text: string, option: string): number {
  const match = /^(\d{1,6})(MiB|GiB)$/.exec(text.trim())
  if (!match) throw new Error(`${option} "${text}": write a size such as 512MiB or 4GiB`)
  const bytes = Number(match[1]) * BYTE_UNITS[match[2]!]!
  if (bytes < 2 ** 20) throw new Error(`${option} "${text}": keep at least 1MiB`)
  return bytes
}
