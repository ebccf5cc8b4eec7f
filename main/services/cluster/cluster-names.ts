/**
 * Every name Vigil uses on the NATS server, in one place: the streams, the KV buckets, the
 * subjects and the durable consumers. Several Vigil clusters can share one server only through
 * separate accounts (see docs/cluster.md); within one account these names are fixed.
 */

import { subjectToken } from './subject-token'

export const EVENTS_STREAM = 'VIGIL_EVENTS'
export const EVENTS_SUBJECTS = 'vigil.events.>'
export const NOTIFICATIONS_STREAM = 'VIGIL_NOTIFICATIONS'
export const NOTIFICATIONS_SUBJECTS = 'vigil.notifications.>'

/** KV buckets (each a stream named `KV_<bucket>` on the server). */
export const BUCKETS = {
  config: 'vigil_config',
  members: 'vigil_members',
  leases: 'vigil_leases',
  readState: 'vigil_read_state',
} as const

/** The one key of the config bucket: the config v1 document. */
export const CONFIG_KEY = 'config'

/** An event of `type` from `sourceId`: `vigil.events.<source>.<type>`. */
export function eventSubject(sourceId: string, type: string): string {
  return `vigil.events.${subjectToken(sourceId)}.${subjectToken(type)}`
}

/**
 * A holder's lease marker for `sourceId`, in the same stream as its events (one token shorter, so
 * `vigil.events.<source>.*` still selects only events): every reader sees, in stream order, the
 * moment a newer lease began, which is what fencing needs.
 */
export function leaseMarkerSubject(sourceId: string): string {
  return `vigil.events.${subjectToken(sourceId)}`
}

export function notificationSubject(sourceId: string): string {
  return `vigil.notifications.${subjectToken(sourceId)}`
}

/** KV key of a source's lease, or of a member: already safe, escaped all the same. */
export function kvKey(text: string): string {
  return subjectToken(text)
}

/** The durable consumer through which `node` reads a stream: it survives the node's restarts. */
export function durableName(node: string, stream: 'events' | 'notifications'): string {
  return `vigil-${stream}-${subjectToken(node)}`
}
