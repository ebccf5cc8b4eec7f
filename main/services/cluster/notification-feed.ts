/**
 * Firings, published once and shown on every host. The holder whose trigger fired publishes the
 * notification with a key that names it everywhere (`<node>_<run>_<n>`: unique for ever, fixed
 * when first queued, so a retry or a replay after an outage is stored once); every other host
 * reads the notifications stream through its own durable consumer and shows each key once, so a
 * desktop raises one native notification per firing. The key is also the notification's entry in
 * the shared read state (read-state.ts).
 */

import type { JsMsg } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/transport-node'
import { z } from 'zod'
import { epochMsSchema } from '../../../shared/history'
import { sourceIdSchema } from '../../../shared/source-config'
import { Emitter } from '../../../shared/utils/emitter'
import type { Logger } from '../util/logger'
import { notificationSubject } from './cluster-names'
import { NODE_NAME } from './cluster-options'
import type { ClusterNotification, ClusterNotificationDraft } from './cluster-port'
import { HEADERS } from './event-envelope'
import type { OutgoingMessage } from './publish-queue'

/** Keys remembered to drop redeliveries; far more than arrive between two acknowledgements. */
const REMEMBERED_KEYS = 10_000

export const notificationKeySchema = z.string().regex(/^[A-Za-z0-9._-]{1,160}$/)

const notificationSchema = z.strictObject({
  key: notificationKeySchema,
  origin: z.string().regex(NODE_NAME),
  triggerId: z.string().min(1).max(200),
  sourceId: sourceIdSchema,
  title: z.string().max(100_000),
  body: z.string().max(100_000),
  urgency: z.enum(['low', 'normal', 'critical']),
  firedAt: epochMsSchema,
})

const encoder = new TextEncoder()

export function notificationMessage(notification: ClusterNotification): OutgoingMessage {
  const headers = natsHeaders()
  headers.set(HEADERS.msgId, `n:${notification.key}`)
  headers.set(HEADERS.node, notification.origin)
  return {
    subject: notificationSubject(notification.sourceId),
    data: encoder.encode(JSON.stringify(notification)),
    headers,
  }
}

export class NotificationFeed {
  private readonly seen = new Set<string>()
  private counter = 0
  private malformedCount = 0
  private readonly received: Emitter<ClusterNotification>
  readonly onDidReceive

  constructor(
    private readonly self: { name: string; instance: string },
    logger: Logger,
  ) {
    this.received = new Emitter<ClusterNotification>(logger)
    this.onDidReceive = this.received.event
  }

  get malformed(): number {
    return this.malformedCount
  }

  /** Names a firing of this node. */
  stamp(draft: ClusterNotificationDraft): ClusterNotification {
    const key = `${this.self.name}_${this.self.instance}_${++this.counter}`
    return { ...draft, key, origin: this.self.name }
  }

  readonly accept = (message: JsMsg): void => {
    let document: unknown
    try {
      document = message.json()
    } catch {
      document = undefined
    }
    const parsed = notificationSchema.safeParse(document)
    if (!parsed.success) {
      this.malformedCount++
      return
    }
    const notification = parsed.data
    if (notification.origin === this.self.name || this.seen.has(notification.key)) return
    this.seen.add(notification.key)
    if (this.seen.size > REMEMBERED_KEYS) this.seen.delete(this.seen.values().next().value!)
    this.received.fire(notification)
  }

  dispose(): void {
    this.received.dispose()
  }
}
