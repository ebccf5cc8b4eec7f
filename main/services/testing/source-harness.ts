/**
 * A Monitor on a manual clock with one fault server, for tests of the connection lifecycle: the
 * engine's timers move only when the test advances the clock, while sockets run for real.
 * Test-only; never imported by production code.
 */

import type WebSocket from 'ws'
import type { SourceState, SourceView, VigilEvent } from '../../../shared/domain'
import type { SourceConfig } from '../../../shared/source-config'
import { Monitor } from '../monitor'
import type { SourceRollback } from '../monitor-options'
import { MemorySecretStore } from '../secrets/secret-store'
import { wsSocketFactory } from '../sources/socket-factory'
import { startFaultServer, type FaultServer } from './fault-server'
import { ManualClock } from './manual-clock'
import { waitFor } from './test-server'
import { genericTestSource } from './test-source'

export interface SourceHarness {
  clock: ManualClock
  server: FaultServer
  monitor: Monitor
  secrets: MemorySecretStore
  /** Every event the monitor emitted, the `vigil` source's alerts included. */
  events: VigilEvent[]
  rollbacks: SourceRollback[]
  /** The client sockets the engine opened, in order. */
  clients: WebSocket[]
  /** A source on the fault server with quiet test timings; `extra` overrides. */
  source(extra?: Partial<SourceConfig>): SourceConfig
  view(id?: string): SourceView
  state(id?: string): SourceState
  /** `seq` of the events received from source `id`, in order of arrival. */
  seqs(id?: string): number[]
  alerts(type?: string): VigilEvent[]
  waitState(state: SourceState, id?: string): Promise<void>
  /** Waits until no attempt is in flight (the source is not connecting or authenticating). */
  settle(id?: string): Promise<void>
  /** Advances the clock in steps of `stepMs`, letting I/O settle after each step. */
  run(ms: number, stepMs?: number, id?: string): Promise<void>
  dispose(): Promise<void>
}

const ID = 'src'

export async function startSourceHarness(): Promise<SourceHarness> {
  const clock = new ManualClock()
  const server = await startFaultServer()
  const secrets = new MemorySecretStore()
  const clients: WebSocket[] = []
  const monitor = new Monitor({
    socketFactory: (url, options, protocols) => {
      const socket = wsSocketFactory(url, options, protocols)
      clients.push(socket)
      return socket
    },
    clock,
    secrets,
    // The middle of the jitter range: delays are exact and easy to reason about.
    random: () => 0.5,
  })
  const events: VigilEvent[] = []
  const rollbacks: SourceRollback[] = []
  monitor.onDidReceiveEvent((event) => events.push(event))
  monitor.onDidRollBackSource((rollback) => rollbacks.push(rollback))

  const harness: SourceHarness = {
    clock,
    server,
    monitor,
    secrets,
    events,
    rollbacks,
    clients,
    source: (extra = {}) => ({
      ...genericTestSource(ID, server.url),
      reconnect: { initialMs: 100, maxMs: 1_000, stableAfterMs: 500 },
      keepalive: { pingIntervalMs: 0 },
      watchdog: { deadChannelMs: 0 },
      ...extra,
    }),
    view: (id = ID) => monitor.view(id),
    state: (id = ID) => monitor.view(id).state,
    seqs: (id = ID) =>
      events
        .filter((event) => event.sourceId === id)
        .map((event) => (event.payload as { seq?: number }).seq)
        .filter((seq): seq is number => typeof seq === 'number'),
    alerts: (type) =>
      events.filter((event) => event.sourceId === 'vigil' && (!type || event.type === type)),
    waitState: (state, id = ID) =>
      waitFor(() => monitor.view(id).state === state, `state ${state} (is ${harness.state(id)})`),
    settle: (id = ID) =>
      waitFor(() => {
        const state = monitor.view(id).state
        return state !== 'connecting' && state !== 'authenticating'
      }, `the attempt of ${id} to finish`),
    async run(ms, stepMs = 10, id = ID) {
      for (let done = 0; done < ms; done += stepMs) {
        clock.advance(Math.min(stepMs, ms - done))
        await harness.settle(id)
      }
    },
    async dispose() {
      monitor.dispose()
      await server.close()
    },
  }
  return harness
}
