/**
 * The desktop app's cluster settings (docs/cluster.md, "The desktop app"): which NATS server to
 * join, under what name and role. Kept per machine in `<data-dir>/cluster.json`, never in the
 * config document: they say who this machine is, so they must not travel in a config export or
 * through the cluster's shared config. The headless host takes the same values on its command
 * line instead (`--cluster`, `--node-name`, `--role`, `--cluster-seed`).
 */

import { z } from 'zod'
import type { ClusterRole } from './cluster'

/** A node's name in the cluster: it appears in subjects, leases and the member list. */
export const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
export const NODE_NAME_RULE =
  '1-64 letters, digits, ".", "_" or "-", starting with a letter or digit'

/**
 * What is wrong with one NATS server URL (`nats://HOST:PORT` or `tls://HOST:PORT`), or null. The
 * headless host's `--cluster` and the desktop's settings both check with this.
 */
export function natsUrlProblem(text: string): string | null {
  if (!URL.canParse(text)) return `"${text}" is not a URL`
  const url = new URL(text)
  if (url.protocol !== 'nats:' && url.protocol !== 'tls:')
    return `use nats://HOST:PORT or tls://HOST:PORT, not ${url.protocol}//`
  if (!url.hostname) return `"${text}" names no host`
  if (url.pathname && url.pathname !== '/') return `"${text}" has a path; NATS URLs have none`
  return null
}

/**
 * The desktop's server list: several URLs separated by commas, and no credentials, since its file
 * is plain text; they come from the environment instead (docs/cluster.md).
 */
function clusterUrlProblem(text: string): string | null {
  for (const part of text.split(',')) {
    const trimmed = part.trim()
    const problem = natsUrlProblem(trimmed)
    if (problem) return problem
    const url = new URL(trimmed)
    if (url.username || url.password)
      return 'no credentials in the URL: they would be stored in plain text; give a .creds file in VIGIL_CLUSTER_CREDS instead'
  }
  return null
}

const clusterUrlSchema = z
  .string()
  .trim()
  .max(2_000)
  .superRefine((text, context) => {
    const problem = text === '' ? null : clusterUrlProblem(text)
    if (problem) context.addIssue({ code: 'custom', message: problem })
  })

export const desktopClusterSettingsSchema = z.strictObject({
  /** Empty: this app does not join a cluster. */
  url: clusterUrlSchema.default(''),
  /** Empty: the host name. */
  nodeName: z
    .union([z.literal(''), z.string().regex(NODE_NAME, `use ${NODE_NAME_RULE}`)])
    .default(''),
  role: z.enum(['member', 'viewer']).default('viewer') satisfies z.ZodType<ClusterRole>,
  /** Push this machine's config to a cluster that has none yet. */
  seed: z.boolean().default(false),
})

export type DesktopClusterSettings = z.output<typeof desktopClusterSettingsSchema>
export type DesktopClusterSettingsInput = z.input<typeof desktopClusterSettingsSchema>

export const defaultDesktopClusterSettings = (): DesktopClusterSettings =>
  desktopClusterSettingsSchema.parse({})

/** `cluster:settings`: what Settings shows in its Cluster section. */
export type ClusterSettingsView =
  | {
      editable: true
      /** As stored; a change applies when the app starts next. */
      settings: DesktopClusterSettings
      /** What an empty node name stands for (this machine's host name). */
      defaultNodeName: string
      /** The stored file could not be used (unreadable, not JSON, invalid): the defaults apply. */
      problem: string | null
    }
  | {
      /** The headless host: its cluster is set on its command line. */
      editable: false
      note: string
    }
