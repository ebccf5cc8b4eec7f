/**
 * The last step of quitting the desktop app: the engine, then the in-process simulators (the demo
 * source's, replays). In that order: the engine's sources stay open while it flushes history and
 * recordings, and a simulator closed under them looks like a server going away, so they would
 * report reconnecting, and retry, on the way out.
 */

import type { ShellPort } from '../services/engine-ports'
import type { SimulatorResolver } from '../simulators/registry'

export async function disposeEngineThenSimulators(
  engine: Pick<ShellPort, 'dispose'>,
  simulators: Pick<SimulatorResolver, 'dispose'>,
): Promise<void> {
  try {
    await engine.dispose()
  } finally {
    // Even after a failed engine dispose: the simulators' servers must not outlive the app.
    await simulators.dispose()
  }
}
