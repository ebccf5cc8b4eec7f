/**
 * The node's one connection to NATS, and whether it is up. A host must work alone while NATS is
 * away, at start-up too, so the first connection is tried in the background until it succeeds;
 * after that the client library reconnects by itself for ever. Every change of state is heard
 * here (`onDidChangeConnection`), which is what the `cluster-disconnected` / `cluster-reconnected`
 * events and the UI's banner come from.
 *
 * Pings every {@link PING_INTERVAL_MS} ms (the library's default is two minutes): a connection
 * that died without a word (a cut cable, a frozen server) is noticed within about three pings,
 * well inside a lease's lifetime, rather than long after another member took the sources.
 */

import { readFile } from 'node:fs/promises'
import {
  connect,
  credsAuthenticator,
  type NatsConnection,
  type NodeConnectionOptions,
} from '@nats-io/transport-node'
import { errorText } from '../../../shared/utils/error-text'
import { Emitter } from '../../../shared/utils/emitter'
import type { Clock, TimerHandle } from '../util/clock'
import type { Logger } from '../util/logger'
import type { ClusterSettings } from './cluster-options'

export const PING_INTERVAL_MS = 2_000
/** Between attempts while NATS is unreachable (the library's own reconnects use the same wait). */
export const RECONNECT_WAIT_MS = 1_000

export interface NatsLinkOptions {
  settings: Pick<ClusterSettings, 'servers' | 'auth' | 'tls' | 'name'>
  clock: Clock
  logger: Logger
}

export class NatsLink {
  private nc: NatsConnection | null = null
  private up = false
  private stopped = false
  private retry: TimerHandle | undefined
  private lastFailure = ''
  private lastReportAt = 0
  private readonly changes: Emitter<boolean>
  /** True when the connection came up (first time or again), false when it went down. */
  readonly onDidChangeConnection

  constructor(private readonly options: NatsLinkOptions) {
    this.changes = new Emitter<boolean>(options.logger)
    this.onDidChangeConnection = this.changes.event
  }

  get connected(): boolean {
    return this.up
  }

  /** The connection once there has been one (it may be down now and reconnecting). */
  get connection(): NatsConnection | null {
    return this.nc
  }

  /** Starts connecting; returns at once. */
  start(): void {
    void this.attempt()
  }

  /** Closes the connection, flushing what the client still has to send. */
  async stop(): Promise<void> {
    this.stopped = true
    this.options.clock.clearTimeout(this.retry)
    const nc = this.nc
    this.nc = null
    if (nc && !nc.isClosed()) await nc.close().catch(() => {})
    this.setUp(false)
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return
    try {
      const nc = await connect(await this.connectOptions())
      if (this.stopped) {
        await nc.close()
        return
      }
      this.nc = nc
      this.options.logger.info(`cluster: connected to NATS at ${nc.getServer()}`)
      void this.follow(nc)
      this.setUp(true)
    } catch (error) {
      if (this.stopped) return
      this.reportFailure(errorText(error))
      this.retry = this.options.clock.setTimeout(() => void this.attempt(), RECONNECT_WAIT_MS)
    }
  }

  /** Follows the connection's status until it closes. */
  private async follow(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') {
        this.options.logger.warn('cluster: lost the connection to NATS; working alone')
        this.setUp(false)
      } else if (status.type === 'reconnect') {
        this.options.logger.info(`cluster: reconnected to NATS at ${status.server}`)
        this.setUp(true)
      }
    }
    // Closed: by stop(), or by the library giving up (it does after repeated auth failures).
    this.setUp(false)
    if (this.stopped || this.nc !== nc) return
    const closed = await nc.closed()
    this.options.logger.error(
      `cluster: the NATS connection closed${closed ? `: ${errorText(closed)}` : ''}; retrying`,
    )
    this.nc = null
    this.retry = this.options.clock.setTimeout(() => void this.attempt(), RECONNECT_WAIT_MS * 10)
  }

  /** Says why NATS cannot be reached when the reason changes, and once a minute otherwise. */
  private reportFailure(why: string): void {
    const now = this.options.clock.now()
    if (why === this.lastFailure && now - this.lastReportAt < 60_000) return
    this.lastFailure = why
    this.lastReportAt = now
    this.options.logger.warn(`cluster: cannot reach NATS (${why}); working alone, retrying`)
  }

  private setUp(up: boolean): void {
    if (this.up === up) return
    this.up = up
    this.changes.fire(up)
  }

  private async connectOptions(): Promise<NodeConnectionOptions> {
    const { servers, auth, tls, name } = this.options.settings
    return {
      servers,
      name: `vigil:${name}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: RECONNECT_WAIT_MS,
      pingInterval: PING_INTERVAL_MS,
      maxPingOut: 3,
      ...(auth.user !== undefined ? { user: auth.user, pass: auth.pass ?? '' } : {}),
      ...(auth.token !== undefined ? { token: auth.token } : {}),
      ...(auth.credsFile !== undefined
        ? { authenticator: credsAuthenticator(await readFile(auth.credsFile)) }
        : {}),
      ...(tls ? { tls } : {}),
    }
  }
}
