/**
 * An ebsockets-style event server over websocket JSON: every frame is `{"event": type, …}` with
 * the other keys as the event's attributes. The original library is raw TCP with Python pickle
 * (unsafe to decode and not a websocket); Vigil speaks its event model as JSON, and so does this.
 *
 * It generates chat-room traffic (message, join, leave, alert) and acts on what clients send in
 * the same shape: `message`, `join` and `leave` go to everyone in the channel (the sender too),
 * `ping` is answered with `pong`, any other event is echoed to its sender, and a frame that is not
 * an event gets `{"event":"error","message":…}`.
 */

import type { IncomingMessage } from 'node:http'
import type { RawData } from 'ws'
import { pick, pickWeighted, randomInt, weighted, type Random } from '../random'
import {
  SimulatorServer,
  rawText,
  startSimulator,
  type CommonSimulatorOptions,
  type RunningSimulator,
  type SimConnection,
  type UpgradeVerdict,
} from '../sim-server'

/** One event: its type under `event`, every other key an attribute. */
export type EbEvent = { event: string } & Record<string, unknown>

export type EbsocketsSimulatorOptions = CommonSimulatorOptions

export interface RunningEbsocketsSimulator extends RunningSimulator {
  /** Sends an event now to every connection listening to its channel (or to all). */
  emit(event: EbEvent): void
}

interface EbState {
  /** Channels joined; none means every channel. */
  channels: Set<string>
}

type Connection = SimConnection<EbState>

export const EB_CHANNELS = ['general', 'ops', 'random'] as const
const USERS = ['ada', 'grace', 'linus', 'ken', 'barbara', 'dennis']
const LINES = [
  'deploy finished',
  'anyone seen the 502s?',
  'lunch?',
  'rolling back',
  'queue depth back to normal',
  'ok',
]
const ALERTS = [
  ['warning', 'disk usage above 80% on db-2'],
  ['critical', 'api error rate above 5%'],
  ['info', 'maintenance window starts in 10 minutes'],
] as const

const MIX = weighted<string>([
  ['message', 80],
  ['join', 7],
  ['leave', 7],
  ['alert', 6],
])

/** A generated event of the given kind. */
export function ebEvent(
  random: Random,
  kind = pickWeighted(random, MIX),
  now = Date.now(),
): EbEvent {
  const channel = pick(random, EB_CHANNELS)
  const user = pick(random, USERS)
  switch (kind) {
    case 'join':
    case 'leave':
      return { event: kind, user, channel }
    case 'alert': {
      const [level, content] = pick(random, ALERTS)
      return { event: 'alert', level, content, channel, id: randomInt(random, 1000, 9999) }
    }
    default:
      return { event: 'message', content: pick(random, LINES), user, channel, sent_at: now / 1000 }
  }
}

function readEvent(text: string): EbEvent | string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'frames must be JSON'
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'an event is a JSON object'
  }
  const event = (value as Record<string, unknown>).event
  if (typeof event !== 'string' || event === '') return 'an event needs a string "event" key'
  return value as EbEvent
}

class EbsocketsSimulator extends SimulatorServer<EbState> implements RunningEbsocketsSimulator {
  constructor(options: EbsocketsSimulatorOptions) {
    super({ options, defaultRate: 5, urlPath: '/' })
  }

  emit(event: EbEvent): void {
    const frame = JSON.stringify(event)
    const channel = typeof event.channel === 'string' ? event.channel : undefined
    this.broadcast(frame, (connection) => this.listens(connection, channel))
  }

  protected checkUpgrade(_request: IncomingMessage): UpgradeVerdict<{ state: EbState }> {
    return { ok: true, state: { channels: new Set() } }
  }

  protected onOpen(_connection: Connection): void {}

  protected override onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    const event = isBinary ? 'binary frames are not events' : readEvent(rawText(data))
    if (typeof event === 'string') {
      return void connection.send(JSON.stringify({ event: 'error', message: event }))
    }
    const channel = typeof event.channel === 'string' ? event.channel : undefined
    switch (event.event) {
      case 'join':
        if (channel) connection.state.channels.add(channel)
        return this.emit(event)
      case 'leave':
        this.emit(event)
        if (channel) connection.state.channels.delete(channel)
        return
      case 'message':
        return this.emit(event)
      case 'ping':
        return void connection.send(JSON.stringify({ ...event, event: 'pong' }))
      default:
        connection.send(JSON.stringify(event))
    }
  }

  protected override onTick(due: number): void {
    if (due === 0 || this.connections.size === 0) return
    for (let i = 0; i < due; i++) this.emit(ebEvent(this.random, undefined, this.now()))
  }

  private listens(connection: Connection, channel: string | undefined): boolean {
    const { channels } = connection.state
    return channels.size === 0 || channel === undefined || channels.has(channel)
  }
}

export function startEbsocketsSimulator(
  options: EbsocketsSimulatorOptions = {},
): Promise<RunningEbsocketsSimulator> {
  return startSimulator(() => new EbsocketsSimulator(options), options)
}
