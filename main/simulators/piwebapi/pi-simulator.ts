/**
 * A local PI Web API channel server (OSIsoft / AVEVA): stream, element streamset and ad-hoc
 * streamset channels behind Basic (optionally Bearer) auth on the upgrade, sending once per polling
 * interval a message with only the streams that changed, empty messages as heartbeats after
 * `heartbeatRate` quiet intervals, initial values on request, and — as switches — string booleans
 * and `WebException` error frames.
 */

import type { IncomingMessage } from 'node:http'
import {
  SimulatorServer,
  startSimulator,
  type CommonSimulatorOptions,
  type RunningSimulator,
  type SimConnection,
  type UpgradeVerdict,
} from '../sim-server'
import { PI_ELEMENTS, type PiStream } from './pi-catalog'
import { checkChannelRequest, type ChannelRequest, type PiCredentials } from './pi-handshake'
import {
  PiValueSource,
  emptyMessage,
  streamItem,
  webException,
  type PiBooleans,
  type PiChannelMessage,
  type PiReading,
} from './pi-values'

export const DEFAULT_PI_USER = 'pi-user'
/** The channel `url` points at: Pump 101's attributes, with initial values and heartbeats. */
export const PI_DEFAULT_CHANNEL_PATH = `/piwebapi/streamsets/${PI_ELEMENTS[0]!.webId}/channel?includeInitialValues=true&heartbeatRate=5`
export const DEFAULT_PI_PASSWORD = 'pi-password'

export interface PiSimulatorOptions extends CommonSimulatorOptions {
  /** Values per second on each channel, spread over its streams (default 10). */
  rate?: number
  /** Basic credentials accepted (default DEFAULT_PI_USER / DEFAULT_PI_PASSWORD). */
  users?: readonly { user: string; password: string }[]
  /** Bearer tokens accepted; none by default (Bearer off). */
  bearerTokens?: readonly string[]
  /** Accept upgrades without credentials (default false: 401). */
  anonymous?: boolean
  /** The server's polling interval in milliseconds: one message at most per interval (1000). */
  pollMs?: number
  /** `native` booleans (default) or `string` ("true"/"false"), as older servers send. */
  booleans?: PiBooleans
  /** Probability, per channel and polling interval, of a WebException frame (default 0). */
  webExceptionRate?: number
  /** Probability that a reading is bad: a system digital state with Good false (0.01). */
  badValueRate?: number
}

export interface RunningPiSimulator extends RunningSimulator {
  /** Sends a WebException frame to every channel now. */
  sendWebException(statusCode: number, errors: readonly string[]): void
  /** Switches between real and string booleans for messages from now on. */
  setBooleans(booleans: PiBooleans): void
  setWebExceptionRate(rate: number): void
}

interface ChannelState extends ChannelRequest {
  /** Polling intervals in a row with nothing to send. */
  quietPolls: number
}

type Connection = SimConnection<ChannelState>

function checkProbability(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be between 0 and 1`)
  return value
}

class PiSimulator extends SimulatorServer<ChannelState> implements RunningPiSimulator {
  private readonly credentials: PiCredentials
  private readonly pollMs: number
  private readonly values: PiValueSource
  private booleans: PiBooleans
  private webExceptionRate: number

  constructor(options: PiSimulatorOptions) {
    const pollMs = options.pollMs ?? 1000
    if (!(Number.isFinite(pollMs) && pollMs >= 5)) {
      throw new RangeError('pollMs must be at least 5 milliseconds')
    }
    super({
      options,
      defaultRate: 10,
      urlPath: PI_DEFAULT_CHANNEL_PATH,
      // A channel sends at most one message per polling interval, so the pacer ticks at that pace.
      tickMs: pollMs,
    })
    this.pollMs = pollMs
    const users = options.users ?? [{ user: DEFAULT_PI_USER, password: DEFAULT_PI_PASSWORD }]
    this.credentials = {
      users: new Map(users.map(({ user, password }) => [user, password])),
      bearerTokens: new Set(options.bearerTokens ?? []),
      anonymous: options.anonymous ?? false,
    }
    this.booleans = options.booleans ?? 'native'
    this.webExceptionRate = checkProbability(options.webExceptionRate ?? 0, 'webExceptionRate')
    const badRate = checkProbability(options.badValueRate ?? 0.01, 'badValueRate')
    this.values = new PiValueSource(this.random, this.now, badRate)
  }

  sendWebException(statusCode: number, errors: readonly string[]): void {
    this.broadcast(JSON.stringify(webException(statusCode, errors)))
  }

  setBooleans(booleans: PiBooleans): void {
    this.booleans = booleans
  }

  setWebExceptionRate(rate: number): void {
    this.webExceptionRate = checkProbability(rate, 'webExceptionRate')
  }

  protected checkUpgrade(request: IncomingMessage): UpgradeVerdict<{ state: ChannelState }> {
    const verdict = checkChannelRequest(
      request.url,
      request.headers.authorization,
      this.credentials,
    )
    if (!verdict.ok) return verdict
    const { streams, includeInitialValues, heartbeatRate } = verdict
    return { ok: true, state: { streams, includeInitialValues, heartbeatRate, quietPolls: 0 } }
  }

  protected onOpen(connection: Connection): void {
    const { streams, includeInitialValues } = connection.state
    if (!includeInitialValues) return
    const items = streams.map((stream) =>
      streamItem(stream, [this.values.currentReading(stream)], this.booleans),
    )
    connection.send(JSON.stringify({ Links: {}, Items: items } satisfies PiChannelMessage))
  }

  protected override onTick(due: number): void {
    for (const connection of this.connections) this.poll(connection, due)
  }

  /** One polling interval of one channel: its changes, a heartbeat, or nothing. */
  private poll(connection: Connection, due: number): void {
    const { state } = connection
    if (this.webExceptionRate > 0 && this.random() < this.webExceptionRate) {
      connection.send(
        JSON.stringify(
          webException(502, ['The PI Data Archive did not respond to the data request.']),
        ),
      )
      return
    }
    if (due === 0 || state.streams.length === 0) {
      state.quietPolls++
      if (state.heartbeatRate > 0 && state.quietPolls >= state.heartbeatRate) {
        state.quietPolls = 0
        connection.send(JSON.stringify(emptyMessage()))
      }
      return
    }
    state.quietPolls = 0
    connection.send(JSON.stringify(this.changes(state.streams, due)))
  }

  /** `due` new values spread at random over the streams; streams without one are left out. */
  private changes(streams: readonly PiStream[], due: number): PiChannelMessage {
    const counts = new Map<PiStream, number>()
    for (let i = 0; i < due; i++) {
      const stream = streams[Math.floor(this.random() * streams.length)]!
      counts.set(stream, (counts.get(stream) ?? 0) + 1)
    }
    const items = [...counts].map(([stream, count]) => {
      const readings: PiReading[] = this.values.readings(stream, count, this.pollMs)
      return streamItem(stream, readings, this.booleans)
    })
    return { Links: {}, Items: items }
  }
}

export function startPiSimulator(options: PiSimulatorOptions = {}): Promise<RunningPiSimulator> {
  return startSimulator(() => new PiSimulator(options), options)
}
