/**
 * A session's current attempt: the dial still planning it (URL, secrets, TLS probe), then the
 * connection it opened and that connection's reader. The SourceSession runs the state machine;
 * this holds the one attempt it is on, so letting go of it is one call and whatever the attempt
 * reports afterwards cannot reach the session.
 */

import type { SecretStore } from '../secrets/secret-store'
import type { Clock } from '../util/clock'
import type { Logger } from '../util/logger'
import { errorText } from '../../../shared/utils/error-text'
import { scrubSecrets } from './auth'
import { Connection, type ConnectionListener, type ConnectionPorts } from './connection'
import type { ResolvedSettings } from './connection-settings'
import { dialFailure } from './dial-error'
import { planDial } from './dial-plan'
import type { SocketFactory } from './socket-factory'
import { SourceReader, type ReaderHost, type ReaderParts } from './source-reader'

/** What a session runs on: the clock, sockets, URLs, secrets and the log. */
export interface SessionPorts {
  clock: Clock
  socketFactory: SocketFactory
  /** Turns a configured URL into the one to dial (`sim://census` becomes a loopback address). */
  resolveUrl: (url: string) => Promise<string>
  secrets: SecretStore
  logger: Logger
  random?: () => number
  /** Hand a read's small text frames on together (frame-batch.ts); on unless false. */
  batchFrames?: boolean
}

export class SessionLink {
  /** The current attempt's connection, once its dial has planned it. */
  connection: Connection | undefined
  /** The current connection's reader. */
  reader: SourceReader | undefined
  /** Incremented whenever an attempt is abandoned, so a dial still planning it is ignored. */
  private generation = 0
  private dialAbort: AbortController | undefined
  /** What each connection runs on: batching is on for a session's connections by default. */
  private readonly connectionPorts: ConnectionPorts

  constructor(
    private readonly ports: SessionPorts,
    /** The source's parts each connection's reader updates. */
    private readonly parts: ReaderParts,
  ) {
    const { clock, socketFactory, batchFrames = true } = ports
    this.connectionPorts = { clock, socketFactory, batchFrames }
  }

  /**
   * Plans a dial with `settings` and opens its connection, whose lifecycle and reader report to
   * `listener`; a dial that fails (or a connection that cannot be built) ends the attempt there.
   */
  dial(
    sourceId: string,
    settings: ResolvedSettings,
    listener: ConnectionListener & ReaderHost,
  ): void {
    const generation = ++this.generation
    this.dialAbort = new AbortController()
    planDial(settings, this.ports, this.dialAbort.signal).then(
      (plan) => {
        if (generation !== this.generation) return
        try {
          const reader = new SourceReader(
            sourceId,
            settings.classifier,
            plan.secrets,
            this.parts,
            listener,
          )
          this.connection = new Connection(plan, settings, this.connectionPorts, listener, reader)
          this.reader = reader
        } catch (error) {
          listener.ended({
            kind: 'config',
            // ws quotes the URL it rejects, and query auth put the secret in it.
            message: scrubSecrets(errorText(error), plan.secrets),
            hard: true,
            readyAt: null,
          })
        }
      },
      (error: unknown) => {
        if (generation !== this.generation) return
        listener.ended(dialFailure(error))
      },
    )
  }

  /** The connection ended by itself: nothing is left to close. */
  ended(): void {
    this.connection = undefined
  }

  /** Lets go of the connection (or the dial still planning one). */
  drop(): void {
    this.generation++
    // A dial still planning (a TLS probe can take up to the handshake timeout) is let go at once.
    this.dialAbort?.abort()
    this.dialAbort = undefined
    this.connection?.close()
    this.connection = undefined
    this.reader = undefined
  }
}
