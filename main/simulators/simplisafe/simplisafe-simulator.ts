/**
 * A local SimpliSafe socketlink (wss://socketlink.prd.aser.simplisafe.com). Frames are CloudEvents
 * 1.0-shaped JSON. The client identifies first (bearer token in data.auth.token, namespaces to join
 * in data.join); the server answers hello (with its timeouts), registered, and one subscribed per
 * namespace joined, then pushes `com.simplisafe.event.standard` events from `messagequeue`. The
 * service's 403-in-a-loop behaviour is the shared fault switch `rejectUpgrades(403)`.
 */

import type { IncomingMessage } from 'node:http'
import type { RawData } from 'ws'
import { uuid } from '../random'
import {
  SimulatorServer,
  rawText,
  startSimulator,
  type CommonSimulatorOptions,
  type RunningSimulator,
  type SimConnection,
  type UpgradeVerdict,
} from '../sim-server'
import { SimpliSafeEventGenerator, type SimpliSafeEventData } from './simplisafe-events'

export const DEFAULT_SIMPLISAFE_TOKEN = 'simplisafe-demo-token'
export const DEFAULT_SIMPLISAFE_USER_ID = '1234567'

export const IDENTIFY_TYPE = 'com.simplisafe.connection.identify'
export const HELLO_TYPE = 'com.simplisafe.service.hello'
export const REGISTERED_TYPE = 'com.simplisafe.service.registered'
export const SUBSCRIBED_TYPE = 'com.simplisafe.namespace.subscribed'
export const EVENT_TYPE = 'com.simplisafe.event.standard'

/** The timeouts hello announces, in milliseconds, as the real service does. */
export const HELLO_TIMEOUTS = { heartbeat: 45_000, inactivity: 30_000 } as const

/** Close codes for a refused identify; the real service's exact codes are not documented. */
export const UNAUTHORIZED_CLOSE = { code: 4401, reason: 'Unauthorized' } as const
export const BAD_IDENTIFY_CLOSE = { code: 1008, reason: 'Expected an identify message' } as const

export interface SimpliSafeSimulatorOptions extends CommonSimulatorOptions {
  /** Events per second for the user's system (default 0.5). */
  rate?: number
  /** The access token identify must carry (default DEFAULT_SIMPLISAFE_TOKEN). */
  accessToken?: string
  /** The user the token belongs to; identify joins `uid:<userId>` (default 1234567). */
  userId?: string
  /** The system id (`sid`) in events. */
  systemId?: number
  /** Probability that an event carries an eventCid outside the known table (default 0.03). */
  unknownCidRate?: number
  /** A connection that has not identified within this long is closed (default 30 s). */
  identifyTimeoutMs?: number
}

export interface RunningSimpliSafeSimulator extends RunningSimulator {
  /** Sends one event (of the given eventCid, or a random one) to subscribers now. */
  emit(eventCid?: number): SimpliSafeEventData
}

interface SimpliSafeState {
  namespaces: Set<string>
  timer: ReturnType<typeof setTimeout> | undefined
}

type Connection = SimConnection<SimpliSafeState>

/** A CloudEvents 1.0 envelope, in the key order the service uses. */
export function cloudEvent(type: string, source: string, data: unknown, id: string, time: string) {
  return { specversion: '1.0', id, time, type, source, datacontenttype: 'application/json', data }
}

interface Identify {
  token: string
  join: string[]
}

function readIdentify(text: string): Identify | undefined {
  let message: unknown
  try {
    message = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof message !== 'object' || message === null) return undefined
  const { type, specversion, data } = message as Record<string, unknown>
  if (type !== IDENTIFY_TYPE || specversion !== '1.0') return undefined
  if (typeof data !== 'object' || data === null) return undefined
  const { auth, join } = data as Record<string, unknown>
  const { schema, token } = (typeof auth === 'object' && auth !== null ? auth : {}) as Record<
    string,
    unknown
  >
  if (schema !== 'bearer' || typeof token !== 'string') return undefined
  if (!Array.isArray(join) || !join.every((entry) => typeof entry === 'string')) return undefined
  return { token, join }
}

class SimpliSafeSimulator
  extends SimulatorServer<SimpliSafeState>
  implements RunningSimpliSafeSimulator
{
  private readonly accessToken: string
  private readonly namespace: string
  private readonly identifyTimeoutMs: number
  private readonly events: SimpliSafeEventGenerator

  constructor(options: SimpliSafeSimulatorOptions) {
    super({ options, defaultRate: 0.5, urlPath: '/' })
    this.accessToken = options.accessToken ?? DEFAULT_SIMPLISAFE_TOKEN
    this.namespace = `uid:${options.userId ?? DEFAULT_SIMPLISAFE_USER_ID}`
    this.identifyTimeoutMs = options.identifyTimeoutMs ?? HELLO_TIMEOUTS.inactivity
    const unknownCidRate = options.unknownCidRate ?? 0.03
    if (!(unknownCidRate >= 0 && unknownCidRate <= 1)) {
      throw new RangeError('unknownCidRate must be between 0 and 1')
    }
    const sid = options.systemId ?? 7_654_321
    this.events = new SimpliSafeEventGenerator(this.random, this.now, sid, unknownCidRate)
  }

  emit(eventCid?: number): SimpliSafeEventData {
    const data = this.events.next(eventCid)
    const frame = JSON.stringify(this.envelope(EVENT_TYPE, 'messagequeue', data))
    this.broadcast(frame, (connection) => connection.state.namespaces.has(this.namespace))
    return data
  }

  protected checkUpgrade(_request: IncomingMessage): UpgradeVerdict<{ state: SimpliSafeState }> {
    // Credentials travel in the identify frame, not on the upgrade.
    return { ok: true, state: { namespaces: new Set(), timer: undefined } }
  }

  protected onOpen(connection: Connection): void {
    const timer = setTimeout(() => {
      if (connection.state.namespaces.size === 0)
        connection.close(BAD_IDENTIFY_CLOSE.code, 'timeout')
    }, this.identifyTimeoutMs)
    timer.unref()
    connection.state.timer = timer
  }

  protected override onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    const identify = isBinary ? undefined : readIdentify(rawText(data))
    if (!identify) {
      // Identify is the only message clients send; before it anything else ends the session,
      // after it other messages are ignored.
      if (connection.state.namespaces.size > 0) return
      return connection.close(BAD_IDENTIFY_CLOSE.code, BAD_IDENTIFY_CLOSE.reason)
    }
    if (identify.token !== this.accessToken) {
      return connection.close(UNAUTHORIZED_CLOSE.code, UNAUTHORIZED_CLOSE.reason)
    }
    clearTimeout(connection.state.timer)
    const send = (type: string, payload: unknown) =>
      connection.send(JSON.stringify(this.envelope(type, 'service', payload)))
    send(HELLO_TYPE, { timeouts: { ...HELLO_TIMEOUTS } })
    send(REGISTERED_TYPE, { clientId: uuid(this.random) })
    // A token opens its own user's namespace only; other uids are silently not joined.
    for (const namespace of identify.join) {
      if (namespace !== this.namespace || connection.state.namespaces.has(namespace)) continue
      connection.state.namespaces.add(namespace)
      send(SUBSCRIBED_TYPE, { namespace })
    }
  }

  protected override onClose(connection: Connection): void {
    clearTimeout(connection.state.timer)
  }

  protected override onTick(due: number): void {
    if (due === 0) return
    let listening = false
    for (const connection of this.connections) listening ||= connection.state.namespaces.size > 0
    if (!listening) return
    for (let i = 0; i < due; i++) this.emit()
  }

  private envelope(type: string, source: string, data: unknown) {
    const time = new Date(this.now()).toISOString()
    return cloudEvent(type, source, data, uuid(this.random), time)
  }
}

export function startSimpliSafeSimulator(
  options: SimpliSafeSimulatorOptions = {},
): Promise<RunningSimpliSafeSimulator> {
  return startSimulator(() => new SimpliSafeSimulator(options), options)
}
