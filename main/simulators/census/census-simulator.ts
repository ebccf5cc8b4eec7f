/**
 * A local PlanetSide 2 Census event stream (ESS) that behaves like push.planetside2.com: the same
 * handshake checks, banner frames, heartbeats, subscription rules and payload shapes, plus the
 * quirks clients must survive (duplicate events, continent-lock bursts, 403 for a bad service id).
 * The demo source and the tests connect to it; `npm run sim -- census` runs it on its own.
 */

import type { IncomingMessage } from 'node:http'
import type { RawData } from 'ws'
import {
  SimulatorServer,
  rawText,
  startSimulator,
  type CommonSimulatorOptions,
  type RunningSimulator,
  type SimConnection,
  type UpgradeVerdict,
} from '../sim-server'
import { CENSUS_ENVIRONMENTS, mulberry32, type CensusEnvironment } from './census-data'
import { CensusEventGenerator, type CensusPayload } from './census-events'
import {
  CONNECTED_FRAME,
  HELP_BANNER,
  heartbeatFrame,
  reserialisedServiceMessage,
  serviceMessage,
  serviceStateFrame,
} from './census-frames'
import { checkHandshake } from './census-handshake'
import { answerRequest } from './census-requests'
import { CensusSubscription } from './census-subscription'

// Kept importable from here, where the registry and CLI have always found them.
export { MAX_RATE, type RunningSimulator } from '../sim-server'

export interface CensusSimulatorOptions extends CommonSimulatorOptions {
  /** Events per second for the whole server, shared by the environments in use (default 5). */
  rate?: number
  /** Milliseconds between heartbeats (default 30000, as the real service). */
  heartbeatMs?: number
  /** Probability that a generated event is sent twice, as the real stream sometimes does. */
  duplicateRate?: number
  /** Repeats come in an envelope serialised another way, not byte for byte (default false). */
  reserialiseRepeats?: boolean
  /**
   * World events (FacilityControl, MetagameEvent, ContinentLock) go only to subscriptions that
   * list the world's id, never through `"worlds":["all"]`, which the real service may not honour
   * for them (default false: `all` works, so demos get them either way).
   */
  strictWorldEvents?: boolean
}

export interface RunningCensusSimulator extends RunningSimulator {
  /** Sends one payload, once, to every connection whose subscription matches (for tests). */
  emit(payload: CensusPayload): void
  /** Takes a world's endpoint up or down; connections of its environment hear about it. */
  setWorldOnline(worldId: string, online: boolean): void
  /**
   * Ends an alert with a continent lock on a world (and zone, default a random continent): the
   * MetagameEvent, dozens of FacilityControl events with one timestamp, and the ContinentLock,
   * sent at once to matching subscribers. Returns the payloads.
   */
  lockContinent(worldId: string, zoneId?: string): CensusPayload[]
}

interface CensusState {
  environment: CensusEnvironment
  subscription: CensusSubscription
}

type Connection = SimConnection<CensusState>

class CensusSimulator extends SimulatorServer<CensusState> implements RunningCensusSimulator {
  private readonly generators: Map<CensusEnvironment, CensusEventGenerator>
  private readonly duplicateRate: number
  private readonly strictWorldEvents: boolean
  private readonly reserialiseRepeats: boolean

  constructor(options: CensusSimulatorOptions) {
    super({
      options,
      defaultRate: 5,
      urlPath: '/streaming?environment=ps2&service-id=s:example',
    })
    this.duplicateRate = options.duplicateRate ?? 0.02
    this.strictWorldEvents = options.strictWorldEvents ?? false
    this.reserialiseRepeats = options.reserialiseRepeats ?? false
    if (!(this.duplicateRate >= 0 && this.duplicateRate <= 1)) {
      throw new RangeError('duplicateRate must be between 0 and 1')
    }
    const heartbeatMs = options.heartbeatMs ?? 30_000
    if (!(heartbeatMs > 0)) throw new RangeError('heartbeatMs must be positive')
    // Each environment gets its own stream, derived from the server's, so seeds replay exactly.
    const seed = Math.floor(this.random() * 2 ** 32)
    this.generators = new Map(
      CENSUS_ENVIRONMENTS.map((environment, index) => [
        environment,
        new CensusEventGenerator({
          environment,
          random: mulberry32(seed + index + 1),
          now: this.now,
        }),
      ]),
    )
    this.every(heartbeatMs, () => this.heartbeat())
  }

  emit(payload: CensusPayload): void {
    this.deliver(payload, this.connections, false)
  }

  setWorldOnline(worldId: string, online: boolean): void {
    for (const [environment, generator] of this.generators) {
      if (!generator.setWorldOnline(worldId, online)) continue
      const world = generator.worldList().find((candidate) => candidate.id === worldId)
      if (!world) return
      this.broadcast(
        JSON.stringify(serviceStateFrame(world)),
        (connection) => connection.state.environment === environment,
      )
      return
    }
    throw new RangeError(`unknown world ${worldId}`)
  }

  lockContinent(worldId: string, zoneId?: string): CensusPayload[] {
    const environment = [...this.generators].find(([, generator]) =>
      generator.worldList().some((world) => world.id === worldId),
    )?.[0]
    if (!environment) throw new RangeError(`unknown world ${worldId}`)
    const payloads = this.generator(environment).lockContinent(worldId, zoneId)
    const listening = [...this.connections].filter(
      (connection) => connection.state.environment === environment,
    )
    for (const payload of payloads) this.deliver(payload, listening, false)
    return payloads
  }

  protected checkUpgrade(request: IncomingMessage): UpgradeVerdict<{ state: CensusState }> {
    const verdict = checkHandshake(request.url)
    if (!verdict.ok) return verdict
    return {
      ok: true,
      state: {
        environment: verdict.environment,
        subscription: new CensusSubscription({ strictWorldEvents: this.strictWorldEvents }),
      },
    }
  }

  protected onOpen(connection: Connection): void {
    connection.send(JSON.stringify(CONNECTED_FRAME))
    connection.send(JSON.stringify(HELP_BANNER))
    for (const world of this.generator(connection.state.environment).worldList()) {
      connection.send(JSON.stringify(serviceStateFrame(world)))
    }
  }

  protected override onMessage(connection: Connection, data: RawData): void {
    const { environment, subscription } = connection.state
    const context = {
      subscription,
      recentCharacterIds: () => this.generator(environment).onlineCharacterIds(),
    }
    connection.send(JSON.stringify(answerRequest(rawText(data), context)))
  }

  protected override onTick(due: number): void {
    if (due === 0) return
    // Only environments someone listens to are simulated; they share the server's rate.
    const listening = new Map<CensusEnvironment, Connection[]>()
    for (const connection of this.connections) {
      if (connection.state.subscription.isEmpty) continue
      const list = listening.get(connection.state.environment) ?? []
      list.push(connection)
      listening.set(connection.state.environment, list)
    }
    const environments = [...listening]
    if (environments.length === 0) return
    for (let i = 0; i < due; i++) {
      const [environment, connections] = environments[i % environments.length]!
      const payload = this.generator(environment).next()
      if (payload) this.deliver(payload, connections, true)
    }
  }

  private generator(environment: CensusEnvironment): CensusEventGenerator {
    const generator = this.generators.get(environment)
    if (!generator) throw new Error(`no generator for ${environment}`)
    return generator
  }

  private deliver(payload: CensusPayload, connections: Iterable<Connection>, mayRepeat: boolean) {
    const repeat = mayRepeat && this.duplicateRate > 0 && this.random() < this.duplicateRate
    let frame: string | undefined
    let again: string | undefined
    for (const connection of connections) {
      if (!connection.state.subscription.matches(payload)) continue
      frame ??= JSON.stringify(serviceMessage(payload))
      connection.send(frame)
      if (!repeat) continue
      again ??= this.reserialiseRepeats
        ? JSON.stringify(reserialisedServiceMessage(payload))
        : frame
      connection.send(again)
    }
  }

  private heartbeat(): void {
    const now = this.now()
    const frames = new Map<CensusEnvironment, string>()
    for (const connection of this.connections) {
      const { environment } = connection.state
      let frame = frames.get(environment)
      if (frame === undefined) {
        frame = JSON.stringify(heartbeatFrame(this.generator(environment).worldList(), now))
        frames.set(environment, frame)
      }
      connection.send(frame)
    }
  }
}

export function startCensusSimulator(
  options: CensusSimulatorOptions = {},
): Promise<RunningCensusSimulator> {
  return startSimulator(() => new CensusSimulator(options), options)
}
