/**
 * The engine's Monitor against a real simulator, for end-to-end tests of each preset: sources are
 * written as a user writes them (validated by the config schema, options included), the engine's
 * timers run on a manual clock while sockets and simulators keep real time, and every text frame
 * the engine sends is recorded. Lives outside main/services because it composes the engine with
 * the simulators, as the composition roots do. Test-only.
 */

import type { SourceState, SourceView, VigilEvent } from '../../shared/domain'
import { sourceConfigSchema, type SourceConfigInput } from '../../shared/source-config'
import { Monitor } from '../services/monitor'
import { MemorySecretStore } from '../services/secrets/secret-store'
import { wsSocketFactory } from '../services/sources/socket-factory'
import { ManualClock } from '../services/testing/manual-clock'
import { waitFor } from '../services/testing/test-server'

export interface PresetHarness {
  clock: ManualClock
  monitor: Monitor
  secrets: MemorySecretStore
  /** Every event, Vigil's own alerts included, in arrival order. */
  events: VigilEvent[]
  /** Text frames the engine sent, in order, across connections. */
  sent: string[]
  /** Warnings the engine logged (a notice raised, for one). */
  warnings: string[]
  /** Validates `input` as config v1 and starts it. */
  add(input: SourceConfigInput): SourceView
  view(id: string): SourceView
  eventsOf(id: string): VigilEvent[]
  waitState(id: string, state: SourceState): Promise<void>
  /** Polls until `predicate` holds; generous, since real sockets share a busy machine. */
  until(predicate: () => boolean, what: string): Promise<void>
  dispose(): void
}

const PATIENCE_MS = 15_000

export function startPresetHarness(): PresetHarness {
  const clock = new ManualClock()
  const secrets = new MemorySecretStore()
  const sent: string[] = []
  const warnings: string[] = []
  const monitor = new Monitor({
    socketFactory: (url, options, protocols) => {
      const socket = wsSocketFactory(url, options, protocols)
      const send = socket.send.bind(socket)
      socket.send = ((data: unknown, ...rest: unknown[]) => {
        if (typeof data === 'string') sent.push(data)
        return (send as (...args: unknown[]) => void)(data, ...rest)
      }) as typeof socket.send
      return socket
    },
    clock,
    secrets,
    // The middle of the jitter range: retry delays are exact.
    random: () => 0.5,
    logger: { info() {}, warn: (message) => warnings.push(message), error() {} },
  })
  const events: VigilEvent[] = []
  monitor.onDidReceiveEvent((event) => events.push(event))
  const until = (predicate: () => boolean, what: string) => waitFor(predicate, what, PATIENCE_MS)
  return {
    clock,
    monitor,
    secrets,
    events,
    sent,
    warnings,
    add: (input) => monitor.upsertSource(sourceConfigSchema.parse(input)),
    view: (id) => monitor.view(id),
    eventsOf: (id) => events.filter((event) => event.sourceId === id),
    async waitState(id, state) {
      try {
        await until(() => monitor.view(id).state === state, `${id} to be ${state}`)
      } catch {
        const view = monitor.view(id)
        throw new Error(
          `${id} did not become ${state}: it is ${view.state} (${view.lastError?.message ?? 'no error'})`,
        )
      }
    },
    until,
    dispose: () => monitor.dispose(),
  }
}
