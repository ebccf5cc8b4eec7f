/**
 * Moving a configuration between machines: what an export carries, and what an import would
 * change before it is applied. Secrets never travel: the document holds only references, and
 * both sides say which references need a value entered on the receiving machine.
 */

import type { Config } from './config'
import type { Issue } from './result'

export interface ConfigExport {
  /** The config v1 document, as stored (it never holds a secret value, only references). */
  config: Config
  /** Secret references the document uses; their values must be entered again on another machine. */
  secretRefs: string[]
  exportedAt: number
}

/**
 * How `config:import` applies a document. In a cluster, `expectedVersion` is the cluster's config
 * version the document was made from (REST's `If-Match`): the cluster's write is conditional on
 * it, so a change another host made since is refused with `conflict` instead of overwritten.
 * Ignored on a single host.
 */
export interface ImportOptions {
  expectedVersion?: number
}

/** How one list of the document (sources or triggers, matched by id) would change. */
export interface ListChanges {
  added: string[]
  /** With the top-level keys whose values differ. */
  changed: { id: string; keys: string[] }[]
  removed: string[]
  unchanged: number
}

export interface ConfigChanges {
  sources: ListChanges
  triggers: ListChanges
  /** Preference paths whose effective value would change (`history.retentionDays`). */
  preferences: string[]
}

export interface ReusedSecret {
  secret: string
  /** Ids of the added or changed sources that use it. */
  sources: string[]
  /** Ids of the added or changed triggers whose webhooks send it. */
  triggers: string[]
}

/** A webhook destination the current config never sends to, and the triggers that would. */
export interface NewWebhookOrigin {
  /** Scheme, host and port: `https://hooks.example.com`, `http://10.0.0.5:8080`. */
  origin: string
  /** Ids of the imported triggers with a webhook to it. */
  triggers: string[]
}

export type ImportPreview =
  | {
      valid: true
      /** The document as it would be stored (migrated to the current version, defaults filled). */
      config: Config
      /** The version the document was written in, when it had to be migrated; else null. */
      migratedFrom: number | null
      changes: ConfigChanges
      /** References the document uses that have no value on this machine yet. */
      missingSecrets: string[]
      /**
       * Secrets already stored here that sources or triggers the import adds or changes would
       * send (a shared file could point a webhook at someone else's server with your token).
       */
      reusedSecrets: ReusedSecret[]
      /**
       * Origins the document's webhooks send to that no webhook of the current config uses: events
       * (and any secrets in the requests) would start going there.
       */
      newWebhookOrigins: NewWebhookOrigin[]
    }
  | { valid: false; issues: Issue[] }
